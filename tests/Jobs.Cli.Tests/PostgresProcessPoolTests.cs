using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>The process pool suite on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresProcessPoolTests : ProcessPoolConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();

    [Xunit.Fact(Skip = "Intermittent (about 1 full run in 5, both databases): the supervisor's log shows no kill and the frozen job stays " +
        "STARTED, as if the child's 'started' report never reached it. Under investigation (issue notes); the busy-loop hard-limit test covers the kill.")]
    public Task A_hung_child_is_killed_at_the_hard_time_limit_and_the_supervisor_records_the_failure()
        => A_hung_child_is_killed_at_the_hard_time_limit_and_the_supervisor_records_the_failure_Async();
}
