using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>The console suite on a SQLite file, plus what only SQLite has: the default jobs.db in the current directory.</summary>
public sealed class SqliteCliTests : CliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());

    [Fact]
    public async Task Migrate_roles_says_sqlite_has_none_and_what_to_do_instead()
        => UserError(await Cli.RunAsync("migrate", "roles"), 2, "-wal and -shm files");

    [Fact]
    public async Task Without_provider_or_connection_the_console_uses_jobs_db_in_the_current_directory()
    {
        var bare = new JobsCli(Db.WorkingDirectory, new Dictionary<string, string?>());
        var missing = await bare.RunAsync("queues");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("jobs migrate up", Assert.Single(missing.StderrLines));
        Assert.False(File.Exists(Path.Combine(Db.WorkingDirectory, "jobs.db")), "a read command must not create the database");

        Assert.Equal(0, (await bare.RunAsync("migrate", "up")).ExitCode);
        Assert.True(File.Exists(Path.Combine(Db.WorkingDirectory, "jobs.db")));
        var id = (await bare.RunAsync("enqueue", "jobs.echo")).Output;
        Assert.Equal("PENDING", (await bare.RunAsync("status", id, "--provider", "sqlite", "--connection", "Data Source=jobs.db")).Output);
        var schema = await bare.RunAsync("queues", "--schema", "jobs");
        Assert.Equal(2, schema.ExitCode);
        Assert.Contains("postgres and sqlserver only", Assert.Single(schema.StderrLines));
    }
}
