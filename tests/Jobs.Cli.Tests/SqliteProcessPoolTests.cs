using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>The process pool suite on a SQLite file shared by the supervisor and its children.</summary>
public sealed class SqliteProcessPoolTests : ProcessPoolConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());

    [Fact]
    public async Task The_pool_gives_up_when_its_children_keep_failing_to_start()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-c", "1");
        var child = Assert.Single(pool.Children());
        // The database file disappears: the supervisor keeps its open connection, but a new child cannot open the file.
        File.Delete(((SqliteCliDatabase)Db).FilePath);
        Assert.True(ProcessTable.Kill(child));

        await Eventually.UntilAsync(() => Task.FromResult(!ProcessTable.IsAlive(pool.Pid)), TimeSpan.FromSeconds(60),
            $"the supervisor to give up\n{pool.Supervisor.Stderr}");
        Assert.Equal(2, await pool.StopAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("error: the process pool's children keep failing to start", pool.Supervisor.Stderr);
        Assert.Contains("no SQLite database at", pool.Supervisor.Stderr);
        Assert.DoesNotContain("stopped", pool.Supervisor.Stdout);
    }
}
