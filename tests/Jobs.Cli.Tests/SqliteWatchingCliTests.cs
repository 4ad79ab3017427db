using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>Events, reports and the live view on a SQLite file shared by the console's processes.</summary>
public sealed class SqliteWatchingCliTests : WatchingCliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}
