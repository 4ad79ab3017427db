using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>Parses T-SQL with SQL Server 2022's grammar (TSql160Parser, quoted identifiers on, as SqlClient sessions run).</summary>
internal static class TSql
{
    public static TSqlFragment Parse(string sql, out IReadOnlyList<string> errors)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        var tree = parser.Parse(reader, out var parseErrors);
        errors = [.. parseErrors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")];
        return tree;
    }

    public static TSqlFragment ParseOrThrow(string sql, string name)
    {
        var tree = Parse(sql, out var errors);
        if (errors.Count > 0) throw new InvalidOperationException($"{name} does not parse:\n{string.Join("\n", errors)}");
        return tree;
    }

    /// <summary>Every fragment of type <typeparamref name="T"/> in <paramref name="tree"/>.</summary>
    public static List<T> All<T>(TSqlFragment tree) where T : TSqlFragment
    {
        var collector = new Collector<T>();
        tree.Accept(collector);
        return collector.Found;
    }

    /// <summary>The last identifier of a column reference (<c>j.worker</c> → worker), lower case; null for other expressions.</summary>
    public static string? ColumnName(ScalarExpression? e) =>
        e is ColumnReferenceExpression { MultiPartIdentifier.Identifiers: { Count: > 0 } ids } ? ids[^1].Value.ToLowerInvariant() : null;

    /// <summary>The qualifier of a column reference (<c>j.worker</c> → j), lower case; null when unqualified.</summary>
    public static string? ColumnQualifier(ScalarExpression? e) =>
        e is ColumnReferenceExpression { MultiPartIdentifier.Identifiers: { Count: > 1 } ids } ? ids[^2].Value.ToLowerInvariant() : null;

    private sealed class Collector<T> : TSqlFragmentVisitor where T : TSqlFragment
    {
        public List<T> Found { get; } = [];

        public override void Visit(TSqlFragment fragment)
        {
            if (fragment is T t) Found.Add(t);
        }
    }
}
