using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>The monitoring commands on a SQLite file shared by the console's processes.</summary>
public sealed class SqliteMonitoringCliTests : MonitoringCliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}
