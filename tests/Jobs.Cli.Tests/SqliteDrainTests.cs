using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>Two <c>jobs worker</c> processes sharing one SQLite file drain a bulk enqueue, each job exactly once.</summary>
public sealed class SqliteDrainTests : IAsyncLifetime
{
    private const int Jobs = 5000;
    private readonly SqliteCliDatabase _db = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Two_workers_on_one_file_drain_5000_jobs_each_exactly_once()
    {
        var cli = _db.Cli;
        Assert.Equal(0, (await cli.RunAsync("migrate", "up")).ExitCode);
        // Small pools: with instant jobs and 16 slots each, one process can hold SQLite's write lock back to back and
        // starve the other (its busy handler polls for the lock); 4 slots leave gaps, so both workers get batches.
        await using var first = await WorkerProcess.StartAsync(cli, "--name", "drain-1", "--concurrency", "4");
        await using var second = await WorkerProcess.StartAsync(cli, "--name", "drain-2", "--concurrency", "4");

        var enqueue = await cli.RunAsync("enqueue", "jobs.echo", "--args", """{"n": 1}""", "--count", Jobs.ToString());
        Assert.True(enqueue.ExitCode == 0, enqueue.ToString());
        Assert.Equal(Jobs.ToString(), enqueue.Output);

        await Eventually.UntilAsync(async () => await _db.CountAsync("state in ('SUCCESS', 'FAILURE', 'REVOKED')") == Jobs,
            TimeSpan.FromSeconds(120), $"{Jobs} jobs to finish");
        Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await second.StopAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(Jobs, await _db.CountAsync("state = 'SUCCESS' and attempt = 1"));
        var perWorker = (await _db.QueryAsync("select worker, count(*) from {job} group by worker"))
            .ToDictionary(r => (string?)r[0] ?? "(none)", r => Convert.ToInt64(r[1]));
        Assert.Equal(["drain-1", "drain-2"], perWorker.Keys.Order());
        Assert.All(perWorker.Values, n => Assert.True(n > 0, $"one worker ran no job: {string.Join(", ", perWorker)}"));
        Assert.Equal(Jobs, perWorker.Values.Sum());
    }
}
