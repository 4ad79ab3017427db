using System.Diagnostics;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Jobs.Cli.Tests;

/// <summary>
/// <c>jobs queue pause|resume|list</c> across two worker processes: a paused queue's jobs wait while another queue's
/// jobs run, and resuming starts them without a restart, woken as an enqueue wakes them.
/// </summary>
public abstract class QueueCliConformance(ITestOutputHelper output) : MigratedCliTest
{
    [Fact]
    public async Task A_paused_queue_waits_while_another_runs_and_resume_starts_it_in_two_worker_processes()
    {
        Assert.Equal("queue slow paused", Ok(await Cli.RunAsync("queue", "pause", "slow")).Output);
        Assert.Equal("queue slow already paused", Ok(await Cli.RunAsync("queue", "pause", "slow")).Output);
        await using var a = await WorkerProcess.StartAsync(Cli, "-Q", "slow,fast", "--concurrency", "2");
        await using var b = await WorkerProcess.StartAsync(Cli, "-Q", "slow,fast", "--concurrency", "2");
        Assert.Equal("5", Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", "slow", "--priority", "9", "--count", "5")).Output);
        Assert.Equal("5", Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", "fast", "--count", "5")).Output);

        // The paused queue's jobs have the higher priority, so every claim after the enqueue would have taken them first.
        await Eventually.UntilAsync(async () => await Db.CountAsync("queue = 'fast' and state = 'SUCCESS'") == 5, TimeSpan.FromSeconds(60),
            "the fast queue's jobs to succeed");
        Assert.Equal(5, await Db.CountAsync("queue = 'slow' and state = 'PENDING'"));
        var listed = JsonDocument.Parse(Ok(await Cli.RunAsync("queue", "list", "--json")).Stdout).RootElement.EnumerateArray()
            .ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.True(listed["slow"].GetProperty("paused").GetBoolean());
        Assert.Equal(5, listed["slow"].GetProperty("ready").GetInt64());
        Assert.False(listed.ContainsKey("fast")); // the list shows queues with waiting or running jobs, or paused ones

        var resumed = Stopwatch.StartNew();
        Assert.Equal("queue slow resumed", Ok(await Cli.RunAsync("queue", "resume", "slow")).Output);
        await Eventually.UntilAsync(async () => await Db.CountAsync("queue = 'slow' and state = 'SUCCESS'") == 5, TimeSpan.FromSeconds(60),
            "the resumed queue's jobs to succeed");
        output.WriteLine($"resume to 5 jobs done: {resumed.ElapsedMilliseconds} ms (including the resume command's own start)");
        Assert.False(a.HasExited || b.HasExited, "a worker exited");
        Assert.Equal("queue slow not paused", Ok(await Cli.RunAsync("queue", "resume", "slow")).Output);
    }
}

public sealed class SqliteQueueCliTests(ITestOutputHelper output) : QueueCliConformance(output)
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}

public sealed class PostgresQueueCliTests(ITestOutputHelper output) : QueueCliConformance(output)
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
