using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Pausing and resuming queues: a paused queue's jobs are claimed by no claim of any kind until it is resumed.</summary>
public abstract class QueuePauseConformance : ConformanceBase
{
    [Fact]
    public async Task A_paused_queue_is_skipped_by_the_claim_while_other_queues_are_claimed()
    {
        var paused = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "a", Priority = 9 });
        var other = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = "b" });
        Assert.True(await Admin.PauseQueueAsync("a"));
        Assert.False(await Admin.PauseQueueAsync("a")); // already paused

        var claimed = await Store.ClaimAsync(new ClaimRequest("w", ["a", "b"], 10, TimeSpan.FromSeconds(30)), default);
        Assert.Equal([other.Id], claimed.Select(j => j.Id));
        Assert.Empty(await Store.ClaimAsync(Claim("w", queue: "a"), default)); // the one-queue claim too
        Assert.Null(await Store.NextRunDelayAsync(["a"], default));
        Assert.Equal(JobState.Pending, (await GetAsync(paused.Id)).State);

        var queues = await Admin.ListQueuesAsync();
        var a = Assert.Single(queues, q => q.Name == "a");
        Assert.True(a.Paused);
        Assert.Equal(1, a.Ready);
        Assert.False(Assert.Single(queues, q => q.Name == "b").Paused);
        Assert.Equal(1, Assert.Single(queues, q => q.Name == "b").Running);

        Assert.True(await Admin.ResumeQueueAsync("a"));
        Assert.False(await Admin.ResumeQueueAsync("a")); // not paused any more
        Assert.Equal([paused.Id], (await Store.ClaimAsync(Claim("w", queue: "a"), default)).Select(j => j.Id));
    }

    [Fact]
    public async Task A_paused_queue_is_skipped_by_the_limited_claim()
    {
        await Store.SetConcurrencyLimitAsync(LimitScope.Queue, "a", 5, default);
        var job = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "a" });
        await Admin.PauseQueueAsync("a");

        Assert.Empty((await Store.ClaimLimitedAsync(Claim("w", queue: "a"), default)).Jobs);
        Assert.False(await Store.HasLimitedWorkAsync(["a"], default));

        await Admin.ResumeQueueAsync("a");
        Assert.True(await Store.HasLimitedWorkAsync(["a"], default));
        Assert.Equal([job.Id], (await Store.ClaimLimitedAsync(Claim("w", queue: "a"), default)).Jobs.Select(j => j.Id));
    }

    [Fact]
    public async Task A_worker_runs_the_other_queues_while_one_is_paused_and_resuming_wakes_it()
    {
        await Admin.PauseQueueAsync("a");
        var paused = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "a", Priority = 9 });
        var other = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = "b" });
        // A poll far longer than the test: only the wake-up that resuming sends can start the paused job in time.
        await StartWorkerAsync(w => { w.Queues = ["a", "b"]; w.PollInterval = TimeSpan.FromMinutes(5); });

        Assert.Equal(JobState.Success, (await other.WaitAsync(TimeSpan.FromSeconds(30))).State);
        Assert.Equal(JobState.Pending, (await GetAsync(paused.Id)).State);

        Assert.True(await Admin.ResumeQueueAsync("a"));
        Assert.Equal(JobState.Success, (await paused.WaitAsync(TimeSpan.FromSeconds(30))).State);
    }
}
