using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>
/// The syntax-tree checks of the store's T-SQL. Each returns the problems it finds (empty: the statement passes), so
/// a test can show that a check fails on a broken copy as well as pass on the real statement.
/// </summary>
internal static class TSqlRules
{
    private static readonly TableHintKind[] ClaimHints = [TableHintKind.UpdLock, TableHintKind.ReadPast, TableHintKind.Rowlock, TableHintKind.ReadCommittedLock];

    /// <summary>Functions that read a clock other than SYSUTCDATETIME() (local time, or lower precision, or an offset).</summary>
    private static readonly string[] OtherClocks = ["GETDATE", "GETUTCDATE", "SYSDATETIME", "SYSDATETIMEOFFSET"];

    /// <summary>
    /// The claim: a SELECT with TOP and ORDER BY whose row source is the job table under UPDLOCK, READPAST, ROWLOCK and
    /// READCOMMITTEDLOCK, inside a CTE that an UPDATE with OUTPUT changes.
    /// </summary>
    public static List<string> Claim(TSqlFragment tree)
    {
        var problems = new List<string>();
        var updates = TSql.All<UpdateStatement>(tree).Where(u => u.WithCtesAndXmlNamespaces?.CommonTableExpressions.Count > 0).ToList();
        if (updates.Count != 1) return [$"expected one UPDATE of a CTE, found {updates.Count}"];
        var update = updates[0];
        if (update.UpdateSpecification.OutputIntoClause is null && update.UpdateSpecification.OutputClause is null) problems.Add("the UPDATE has no OUTPUT");
        var cte = update.WithCtesAndXmlNamespaces.CommonTableExpressions[0];
        if (cte.QueryExpression is not QuerySpecification select) return [.. problems, "the CTE is not a plain SELECT"];
        if (select.TopRowFilter is null) problems.Add("the CTE's SELECT has no TOP");
        if (select.OrderByClause is not { OrderByElements.Count: > 0 }) problems.Add("the CTE's SELECT has no ORDER BY");
        var job = TSql.All<NamedTableReference>(select.FromClause).FirstOrDefault(t => t.SchemaObject.BaseIdentifier.Value == "job");
        if (job is null) return [.. problems, "the CTE does not read the job table"];
        foreach (var hint in ClaimHints)
            if (!job.TableHints.Any(h => h.HintKind == hint)) problems.Add($"the job table lacks the {hint} hint");
        return problems;
    }

    /// <summary>
    /// Finish, heartbeat, release: every UPDATE of the job table is fenced by ownership, i.e. its WHERE clause says
    /// <c>j.worker = @worker</c> and <c>j.attempt = x.attempt</c> (the attempt the caller holds), ANDed with the rest.
    /// </summary>
    public static List<string> Ownership(TSqlFragment tree)
    {
        var updates = TSql.All<UpdateStatement>(tree).Where(u => UpdatesJob(u.UpdateSpecification)).ToList();
        if (updates.Count == 0) return ["no UPDATE of the job table"];
        var problems = new List<string>();
        foreach (var u in updates)
        {
            var conjuncts = Conjuncts(u.UpdateSpecification.WhereClause?.SearchCondition).ToList();
            bool Has(Func<BooleanComparisonExpression, bool> test) => conjuncts.OfType<BooleanComparisonExpression>().Any(c => c.ComparisonType == BooleanComparisonType.Equals && test(c));
            if (!Has(c => Sides(c, (a, b) => TSql.ColumnName(a) == "worker" && b is VariableReference { Name: var n } && n.Equals("@worker", StringComparison.OrdinalIgnoreCase))))
                problems.Add("an UPDATE of the job table lacks the predicate worker = @worker");
            if (!Has(c => Sides(c, (a, b) => TSql.ColumnName(a) == "attempt" && TSql.ColumnName(b) == "attempt" && TSql.ColumnQualifier(a) != TSql.ColumnQualifier(b))))
                problems.Add("an UPDATE of the job table lacks the predicate attempt = <the held attempt>");
        }
        return problems;
    }

    /// <summary>"Now" comes from SYSUTCDATETIME() only: no GETDATE(), GETUTCDATE(), SYSDATETIME(), SYSDATETIMEOFFSET(), CURRENT_TIMESTAMP.</summary>
    public static List<string> Clock(TSqlFragment tree)
    {
        var problems = TSql.All<FunctionCall>(tree)
            .Where(f => OtherClocks.Contains(f.FunctionName.Value.ToUpperInvariant()))
            .Select(f => $"calls {f.FunctionName.Value.ToUpperInvariant()}() at line {f.StartLine}: use SYSUTCDATETIME()").ToList();
        problems.AddRange(TSql.All<ParameterlessCall>(tree)
            .Where(c => c.ParameterlessCallType == ParameterlessCallType.CurrentTimestamp)
            .Select(c => $"uses CURRENT_TIMESTAMP at line {c.StartLine}: use SYSUTCDATETIME()"));
        return problems;
    }

    /// <summary>The @parameters a batch reads: variable references that the batch does not declare itself (and not the names of a procedure's own parameters in EXEC).</summary>
    public static SortedSet<string> Parameters(TSqlFragment tree)
    {
        var declared = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in TSql.All<DeclareVariableElement>(tree)) declared.Add(d.VariableName.Value);
        foreach (var d in TSql.All<DeclareTableVariableBody>(tree)) declared.Add(d.VariableName.Value);
        var procedureParameters = TSql.All<ExecuteParameter>(tree).Where(p => p.Variable is not null).Select(p => p.Variable).ToHashSet();
        var used = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var v in TSql.All<VariableReference>(tree))
            if (!procedureParameters.Contains(v) && !declared.Contains(v.Name)) used.Add(v.Name.ToLowerInvariant());
        return used;
    }

    private static bool UpdatesJob(UpdateSpecification update)
    {
        if (update.Target is NamedTableReference { SchemaObject.BaseIdentifier.Value: "job" }) return true;
        // UPDATE j ... FROM ... JOIN jobs.job AS j: the target is the alias of the job table in the FROM clause.
        if (update.Target is NamedTableReference { SchemaObject: { SchemaIdentifier: null } alias } && update.FromClause is not null)
            return TSql.All<NamedTableReference>(update.FromClause).Any(t => t.SchemaObject.BaseIdentifier.Value == "job"
                && string.Equals(t.Alias?.Value, alias.BaseIdentifier.Value, StringComparison.OrdinalIgnoreCase));
        return false;
    }

    private static IEnumerable<BooleanExpression> Conjuncts(BooleanExpression? e)
    {
        switch (e)
        {
            case null: yield break;
            case BooleanBinaryExpression { BinaryExpressionType: BooleanBinaryExpressionType.And } and:
                foreach (var c in Conjuncts(and.FirstExpression)) yield return c;
                foreach (var c in Conjuncts(and.SecondExpression)) yield return c;
                break;
            case BooleanParenthesisExpression p:
                foreach (var c in Conjuncts(p.Expression)) yield return c;
                break;
            default:
                yield return e;
                break;
        }
    }

    private static bool Sides(BooleanComparisonExpression c, Func<ScalarExpression, ScalarExpression, bool> test)
        => test(c.FirstExpression, c.SecondExpression) || test(c.SecondExpression, c.FirstExpression);
}
