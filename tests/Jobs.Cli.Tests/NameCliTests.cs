using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

public sealed class SqliteNameCliTests : NameCliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}

public sealed class PostgresNameCliTests : NameCliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();

    [Fact]
    public async Task A_schema_that_is_not_a_plain_identifier_is_refused()
    {
        var result = await Cli.RunAsync("queues", "--schema", "x\"; drop table job; --");
        Assert.True(result.ExitCode == 2, $"expected exit 2: {result}");
        Assert.Contains("--schema: Schema name 'x\"; drop table job; --' is invalid: a quote is not allowed", result.Stderr);
        Assert.Equal(0L, await Db.CountAsync());
    }
}
