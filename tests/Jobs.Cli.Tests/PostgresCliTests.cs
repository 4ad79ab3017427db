using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>The console suite on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresCliTests : CliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();

    [Fact]
    public async Task Postgres_needs_a_connection_string_and_honours_schema()
    {
        var bare = new JobsCli(Db.WorkingDirectory, new Dictionary<string, string?> { ["JOBS_PROVIDER"] = "postgres" });
        var missing = await bare.RunAsync("queues");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--connection", Assert.Single(missing.StderrLines));

        Assert.Equal(0, (await Cli.RunAsync("migrate", "up", "--schema", "other_jobs")).ExitCode);
        var id = (await bare.RunAsync("enqueue", "jobs.echo", "--connection", Db.ConnectionString, "--schema", "other_jobs")).Output;
        Assert.Equal("PENDING", (await Cli.RunAsync("status", id, "--schema", "other_jobs")).Output);
        Assert.Equal(2, (await Cli.RunAsync("status", id)).ExitCode); // the default schema, jobs, is not migrated
    }
}
