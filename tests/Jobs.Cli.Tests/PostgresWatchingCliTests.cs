using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>Events, reports and the live view on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresWatchingCliTests : WatchingCliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
