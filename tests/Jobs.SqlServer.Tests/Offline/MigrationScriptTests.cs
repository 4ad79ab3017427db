using Jobs.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;
using Xunit;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>The complete SQL Server schema, scripted without a server (FluentMigrator connectionless), checked offline.</summary>
public sealed class MigrationScriptTests
{
    private static readonly Lazy<string> Script = new(() => JobsMigrator.FullScript(JobsDatabase.SqlServer));

    [Fact]
    public void The_full_script_parses()
    {
        TSql.Parse(Script.Value, out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void The_full_script_creates_every_contract_table_and_view()
    {
        var tree = TSql.ParseOrThrow(Script.Value, "migration script");
        var tables = TSql.All<CreateTableStatement>(tree).Select(t => t.SchemaObjectName.BaseIdentifier.Value).ToHashSet();
        var views = TSql.All<CreateViewStatement>(tree).Select(v => v.SchemaObjectName.BaseIdentifier.Value).ToHashSet();
        foreach (var t in new[] { "job", "schedule", "job_limit", "job_attempt", "job_group", "worker", "event", "control", "control_reply", "queue", "job_count", "job_count_delta", "version_info" })
            Assert.Contains(t, tables);
        foreach (var v in new[] { "worker_status", "report_throughput", "report_runtime", "report_queues" })
            Assert.Contains(v, views);
        Assert.Contains("\"jobs\".job", Script.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_full_script_reads_the_database_clock_only()
    {
        // FluentMigrator's own version rows say applied_on = GETUTCDATE(); the Jobs scripts use SYSUTCDATETIME() only.
        var ours = string.Join("\n", Script.Value.Split('\n').Where(l => !l.StartsWith("INSERT INTO [jobs].[version_info]", StringComparison.Ordinal)));
        Assert.Empty(TSqlRules.Clock(TSql.ParseOrThrow(ours, "migration script")));
    }

    /// <summary>
    /// The claim index's keys are the claim's equality column and then exactly its ORDER BY, and its filter is the
    /// claim's state condition, so a claim is one ordered seek that stops after n rows.
    /// </summary>
    [Fact]
    public void The_claim_index_matches_the_claim()
    {
        var migration = TSql.ParseOrThrow(Script.Value, "migration script");
        var index = TSql.All<CreateIndexStatement>(migration).Single(i => i.Name.Value == "job_runnable_idx");
        var keys = index.Columns.Select(c => (TSql.ColumnName(c.Column), c.SortOrder == SortOrder.Descending)).ToList();

        var claim = TSql.ParseOrThrow(new SqlServerSql("jobs").JobClaimManyOneQueue, "claim");
        var select = TSql.All<QuerySpecification>(claim).Single(q => q.TopRowFilter is not null);
        var order = select.OrderByClause.OrderByElements.Select(o => (TSql.ColumnName(o.Expression), o.SortOrder == SortOrder.Descending)).ToList();
        Assert.Equal([("queue", false), .. order], keys);

        var filter = Assert.IsType<InPredicate>(index.FilterPredicate);
        var claimStates = TSql.All<InPredicate>(select.WhereClause).Single(p => TSql.ColumnName(p.Expression) == "state");
        Assert.Equal(Values(filter), Values(claimStates));
    }

    private static List<string> Values(InPredicate p) => [.. p.Values.OfType<StringLiteral>().Select(v => v.Value).Order()];
}
