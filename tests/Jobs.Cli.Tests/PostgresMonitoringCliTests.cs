using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>The monitoring commands on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresMonitoringCliTests : MonitoringCliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
