using System.Data;
using Jobs.Storage;
using Xunit;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>
/// The store's T-SQL checked without a server: every statement (as the store renders it) parses with SQL Server
/// 2022's grammar, the claim and the ownership fences are in place, "now" is always SYSUTCDATETIME(), and each
/// statement reads exactly the parameters its C# caller binds.
/// </summary>
public sealed class StatementTests
{
    private static readonly SqlServerSql Sql = new("jobs");

    public static TheoryData<string> Statements => [.. Sql.All().Keys.Order()];

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_parses(string name)
    {
        TSql.Parse(Sql.All()[name], out var errors);
        Assert.True(errors.Count == 0, $"{name}:\n{string.Join("\n", errors)}");
    }

    [Theory]
    [MemberData(nameof(Statements))]
    public void Statement_reads_the_database_clock_only(string name) => Assert.Empty(TSqlRules.Clock(TSql.ParseOrThrow(Sql.All()[name], name)));

    [Theory]
    [InlineData(nameof(SqlServerSql.JobClaimMany))]
    [InlineData(nameof(SqlServerSql.JobClaimManyOneQueue))]
    public void Claim_takes_rows_with_all_four_hints_top_and_order_by(string name) => Assert.Empty(TSqlRules.Claim(TSql.ParseOrThrow(Sql.All()[name], name)));

    [Theory]
    [InlineData(nameof(SqlServerSql.JobFinishMany))]
    [InlineData(nameof(SqlServerSql.JobLeaseExtendMany))]
    [InlineData(nameof(SqlServerSql.JobReleaseMany))]
    public void Finish_heartbeat_and_release_are_fenced_by_owner_and_attempt(string name)
        => Assert.Empty(TSqlRules.Ownership(TSql.ParseOrThrow(Sql.All()[name], name)));

    // The checks themselves: each must fail on a copy with the hint, the fence or the clock broken.
    [Theory]
    [InlineData("updlock, ", "UpdLock")]
    [InlineData("readpast, ", "ReadPast")]
    [InlineData("rowlock, ", "Rowlock")]
    [InlineData(", readcommittedlock", "ReadCommittedLock")]
    public void Claim_check_fails_without_a_hint(string removed, string hint)
    {
        var broken = Remove(Sql.JobClaimMany, removed);
        Assert.Contains(TSqlRules.Claim(TSql.ParseOrThrow(broken, "broken claim")), p => p.Contains(hint, StringComparison.Ordinal));
    }

    [Fact]
    public void Claim_check_fails_without_order_by()
    {
        var broken = Remove(Sql.JobClaimMany, "    order by j.priority desc, j.run_at, j.id_order");
        Assert.Contains("the CTE's SELECT has no ORDER BY", TSqlRules.Claim(TSql.ParseOrThrow(broken, "broken claim")));
    }

    [Theory]
    [InlineData(nameof(SqlServerSql.JobFinishMany), "j.worker = @worker and ", "worker = @worker")]
    [InlineData(nameof(SqlServerSql.JobFinishMany), "and j.attempt = o.attempt ", "attempt =")]
    [InlineData(nameof(SqlServerSql.JobLeaseExtendMany), "j.worker = @worker and ", "worker = @worker")]
    [InlineData(nameof(SqlServerSql.JobLeaseExtendMany), "and j.attempt = h.attempt ", "attempt =")]
    [InlineData(nameof(SqlServerSql.JobReleaseMany), "j.worker = @worker and ", "worker = @worker")]
    [InlineData(nameof(SqlServerSql.JobReleaseMany), "and j.attempt = h.attempt ", "attempt =")]
    public void Ownership_check_fails_without_the_fence(string name, string removed, string reported)
    {
        var broken = Remove(Sql.All()[name], removed);
        Assert.Contains(TSqlRules.Ownership(TSql.ParseOrThrow(broken, "broken " + name)), p => p.Contains(reported, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("getdate()")]
    [InlineData("getutcdate()")]
    [InlineData("sysdatetime()")]
    [InlineData("sysdatetimeoffset()")]
    [InlineData("current_timestamp")]
    public void Clock_check_fails_on_another_clock(string clock)
    {
        var broken = Sql.JobClaimMany.Replace("declare @now datetime2(3) = sysutcdatetime();", $"declare @now datetime2(3) = {clock};", StringComparison.Ordinal);
        Assert.NotEqual(Sql.JobClaimMany, broken);
        Assert.NotEmpty(TSqlRules.Clock(TSql.ParseOrThrow(broken, "broken claim")));
    }

    [Fact]
    public void Every_executor_method_is_exercised()
    {
        var methods = typeof(IStoreExecutor).GetMethods().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal)).Select(m => m.Name).ToHashSet();
        Assert.Empty(methods.Except(ExecutorCalls.All.Select(c => c.Method)).Order());
    }

    /// <summary>Runs every executor method against the recording runner: the commands it sent, with their statements' parameters.</summary>
    private static async Task<(List<RecordedCommand> Commands, RecordingRunner Runner)> RecordAllAsync()
    {
        var runner = new RecordingRunner();
        var executor = new SqlServerExecutor(Sql, new SqlServerStoreOptions(), runner, new StoreChanges(), CancellationToken.None);
        foreach (var (_, call) in ExecutorCalls.All)
        {
            try { await call(executor); }
            catch (Exception ex) when (ex is JobsException or InvalidCastException or InvalidOperationException) { } // no rows to read: the command was sent
        }
        return (runner.Commands, runner);
    }

    [Fact]
    public async Task Every_statement_reads_exactly_the_parameters_its_caller_binds()
    {
        var (commands, _) = await RecordAllAsync();
        var problems = new List<string>();
        foreach (var c in commands)
        {
            var name = Sql.All().Where(s => s.Value == c.Text).Select(s => s.Key).FirstOrDefault() ?? "(unknown statement)";
            var used = TSqlRules.Parameters(TSql.ParseOrThrow(c.Text, name));
            var bound = c.Parameters.Keys.ToHashSet();
            foreach (var p in used.Except(bound)) problems.Add($"{name} reads {p}, which its caller does not bind");
            foreach (var p in bound.Except(used)) problems.Add($"{name}: its caller binds {p}, which it does not read");
        }
        Assert.Empty(problems.Distinct());
    }

    [Fact]
    public async Task Every_statement_is_sent_by_some_executor_method()
    {
        var (commands, runner) = await RecordAllAsync();
        var sent = commands.Select(c => c.Text).ToHashSet();
        var unsent = Sql.All().Where(s => s.Key != nameof(SqlServerSql.ChangeProbe) && !sent.Contains(s.Value)).Select(s => s.Key).Order();
        Assert.Empty(unsent);
        Assert.Equal(2, runner.BulkCopies.Count); // the due-now and the timed bulk insert
        Assert.DoesNotContain("state", runner.BulkCopies[0].Columns);
        Assert.Contains("run_at", runner.BulkCopies[1].Columns);
    }

    /// <summary>
    /// No statement takes this machine's clock for "now": the only datetime2 parameters are instants that came from
    /// the database clock (the limited claim's start and bucket time, the beat's slot times) or from the user (a purge
    /// cutoff or report start, an eta or expiry inside a batch's JSON).
    /// </summary>
    [Fact]
    public async Task Only_database_or_user_instants_are_sent_as_times()
    {
        var (commands, _) = await RecordAllAsync();
        var times = commands.SelectMany(c => c.Parameters.Where(p => p.Value is SqlDbType.DateTime2 or SqlDbType.DateTime or SqlDbType.DateTimeOffset).Select(p => p.Key))
            .ToHashSet();
        Assert.Equal(["@before", "@next_run_at", "@now", "@since", "@started_at"], times.Order());
        Assert.DoesNotContain(commands.SelectMany(c => c.Parameters.Values), t => t is SqlDbType.DateTime or SqlDbType.DateTimeOffset or SqlDbType.SmallDateTime);
    }

    [Fact]
    public void The_change_probe_parses_and_binds_nothing()
    {
        var tree = TSql.ParseOrThrow(Sql.ChangeProbe, nameof(SqlServerSql.ChangeProbe));
        Assert.Empty(TSqlRules.Parameters(tree));
        Assert.Empty(TSqlRules.Clock(tree));
    }

    private static string Remove(string sql, string text)
    {
        Assert.Contains(text, sql, StringComparison.Ordinal);
        return sql.Replace(text, "", StringComparison.Ordinal);
    }
}
