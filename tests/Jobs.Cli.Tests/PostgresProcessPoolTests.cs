using Jobs.Cli.Tests.Infrastructure;

namespace Jobs.Cli.Tests;

/// <summary>The process pool suite on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresProcessPoolTests : ProcessPoolConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
