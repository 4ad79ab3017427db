using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The console's operations: list, queue counts, retry, revoke and purge.</summary>
public abstract class AdminConformance : ConformanceBase
{
    [Fact]
    public async Task List_filters_by_state_queue_and_task_newest_first_and_respects_the_limit()
    {
        var a = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var b = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = "other" });
        var c = await Client.EnqueueAsync("test.fail", new EchoArgs(3), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });

        Assert.Equal([c.Id, b.Id, a.Id], (await Store.ListJobsAsync(new JobFilter(), default)).Select(j => j.Id));
        Assert.Equal([c.Id, b.Id], (await Store.ListJobsAsync(new JobFilter(Limit: 2), default)).Select(j => j.Id));
        Assert.Equal([b.Id], (await Store.ListJobsAsync(new JobFilter(Queue: "other"), default)).Select(j => j.Id));
        Assert.Equal([c.Id], (await Store.ListJobsAsync(new JobFilter(Task: "test.fail"), default)).Select(j => j.Id));
        Assert.Equal([c.Id], (await Store.ListJobsAsync(new JobFilter(State: JobState.Scheduled), default)).Select(j => j.Id));
        Assert.Empty(await Store.ListJobsAsync(new JobFilter(State: JobState.Success), default));
    }

    [Fact]
    public async Task Queue_stats_count_each_state_per_queue()
    {
        await Client.EnqueueManyAsync(Enumerable.Range(0, 3).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        await Client.EnqueueAsync("test.echo", new EchoArgs(9), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });
        await Client.EnqueueAsync("test.echo", new EchoArgs(9), new EnqueueOptions { Queue = "b" });
        var claimed = await Store.ClaimAsync(Claim("w", limit: 2), default);
        await Store.FinishAsync("w", [new JobOutcome { Id = claimed[0].Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }], default);

        var stats = await Store.GetQueueStatsAsync(default);
        Assert.Equal(["b", "default"], stats.Select(s => s.Queue));
        Assert.Equal(new QueueStats("b", 0, 1, 0, 0, 0, 0, 0), stats[0]);
        Assert.Equal(new QueueStats("default", Scheduled: 1, Pending: 1, Running: 1, Retrying: 0, Succeeded: 1, Failed: 0, Revoked: 0), stats[1]);
    }

    [Fact]
    public async Task Queue_stats_stay_exact_through_finish_retry_revoke_delete_and_prune()
    {
        // The finished counts are kept by triggers (migration 11), the live ones counted from the partial indexes:
        // after every kind of change they must equal a count of the rows themselves.
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 7).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        var other = await Client.EnqueueAsync("test.echo", new EchoArgs(9), new EnqueueOptions { Queue = "b" });
        await Client.EnqueueAsync("test.echo", new EchoArgs(10), new EnqueueOptions { Queue = "b", Countdown = TimeSpan.FromHours(1) });
        await AssertStatsMatchRowsAsync();

        var claimed = await Store.ClaimAsync(Claim("w", limit: 6), default);
        await AssertStatsMatchRowsAsync();
        await Store.FinishAsync("w", [
            new JobOutcome { Id = claimed[0].Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" },
            new JobOutcome { Id = claimed[1].Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "2" },
            new JobOutcome { Id = claimed[2].Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "x" },
            new JobOutcome { Id = claimed[3].Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "y" },
            new JobOutcome { Id = claimed[4].Id, Attempt = 1, Kind = OutcomeKind.Retry, Error = "z", RetryDelay = TimeSpan.FromHours(1) },
        ], default);
        var stats = await AssertStatsMatchRowsAsync();
        Assert.Equal(new QueueStats("default", Scheduled: 0, Pending: 1, Running: 1, Retrying: 1, Succeeded: 2, Failed: 2, Revoked: 0), stats[1]);

        await Store.RevokeAsync([other.Id, claimed[5].Id], "revoked", false, default); // a waiting job and a running one
        await Store.RetryAsync([claimed[2].Id], default);                                // FAILURE -> PENDING
        await Store.DeleteAsync([claimed[0].Id], default);                                // a SUCCESS row goes
        stats = await AssertStatsMatchRowsAsync();
        Assert.Equal(new QueueStats("b", Scheduled: 1, Pending: 0, Running: 0, Retrying: 0, Succeeded: 0, Failed: 0, Revoked: 1), stats[0]);
        Assert.Equal(new QueueStats("default", Scheduled: 0, Pending: 2, Running: 0, Retrying: 1, Succeeded: 1, Failed: 1, Revoked: 1), stats[1]);

        await Task.Delay(300); // past a tiny TTL on the database clock
        Assert.Equal(4, await Store.PruneAsync(TimeSpan.FromMilliseconds(100), 100, default));
        stats = await AssertStatsMatchRowsAsync();
        Assert.Equal(new QueueStats("b", 1, 0, 0, 0, 0, 0, 0), stats[0]);
        Assert.Equal(new QueueStats("default", 0, 2, 0, 1, 0, 0, 0), stats[1]);
        Assert.Equal(7, ids.Count);
    }

    [Fact]
    public async Task Queue_stats_drop_a_queue_whose_jobs_are_all_gone()
    {
        var job = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "gone" });
        var claimed = await Store.ClaimAsync(Claim("w", queue: "gone"), default);
        await Store.FinishAsync("w", [new JobOutcome { Id = claimed[0].Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }], default);
        Assert.Equal(["gone"], (await Store.GetQueueStatsAsync(default)).Select(s => s.Queue));
        await Store.DeleteAsync([job.Id], default);
        Assert.Empty(await Store.GetQueueStatsAsync(default));
    }

    /// <summary>Asserts the store's counts equal a count of the rows (listed through the search) and returns them.</summary>
    private async Task<IReadOnlyList<QueueStats>> AssertStatsMatchRowsAsync()
    {
        var rows = await Store.ListJobsAsync(new JobFilter(Limit: 1000), default);
        long N(IEnumerable<JobInfo> jobs, string state) => jobs.Count(j => j.State == state);
        var expected = rows.GroupBy(j => j.Queue).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new QueueStats(g.Key, N(g, JobState.Scheduled), N(g, JobState.Pending), N(g, JobState.Started), N(g, JobState.Retry),
                N(g, JobState.Success), N(g, JobState.Failure), N(g, JobState.Revoked)))
            .ToList();
        var stats = await Store.GetQueueStatsAsync(default);
        Assert.Equal(expected, stats);
        return stats;
    }

    [Fact]
    public async Task Retry_requeues_failed_jobs_with_one_more_attempt_and_a_worker_runs_them()
    {
        var failed = await Client.EnqueueAsync("test.flaky", new FlakyArgs(SucceedOnAttempt: 2), new EnqueueOptions { MaxRetries = 0 });
        var done = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var claimed = await Store.ClaimAsync(Claim("w"), default);
        await Store.FinishAsync("w", [
            new JobOutcome { Id = failed.Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "TimeoutException: flaky" },
            new JobOutcome { Id = done.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "{}" },
        ], default);
        Assert.Equal(2, claimed.Count);

        Assert.Empty(await Store.RetryAsync([done.Id], default)); // a success is not retried
        Assert.Equal([failed.Id], await Store.RetryAsync(null, default));
        var requeued = await GetAsync(failed.Id);
        Assert.Equal(JobState.Pending, requeued.State);
        Assert.Null(requeued.Error);
        Assert.Equal(2, requeued.MaxAttempts);

        await StartWorkerAsync();
        var job = await failed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, job.State);
        Assert.Equal(2, job.Attempt);
    }

    [Fact]
    public async Task Revoke_stops_waiting_jobs_and_cancels_a_running_one_whose_result_is_then_not_recorded()
    {
        var waiting = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromSeconds(2) });
        var running = await Client.EnqueueAsync("test.block");
        await StartWorkerAsync(w => w.Lease = TimeSpan.FromSeconds(1));
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var wait = waiting.WaitAsync(TimeSpan.FromSeconds(30));

        var revoked = await Store.RevokeAsync([waiting.Id, running.Id, Guid.CreateVersion7()], "revoked by test", false, default);
        Assert.Equal(new HashSet<Guid> { waiting.Id, running.Id }, revoked.ToHashSet());
        Assert.Equal(JobState.Revoked, (await wait).State); // waiters are woken
        Assert.Empty(await Store.RevokeAsync([waiting.Id], "again", false, default)); // finished jobs stay as they are

        // The worker's heartbeat finds it no longer owns the running job and cancels it.
        Assert.Equal(running.Id, await Tasks.BlockCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var job = await GetAsync(running.Id);
        Assert.Equal(JobState.Revoked, job.State);
        Assert.Equal("revoked by test", job.Error);
        Assert.Null(job.Result);
        Assert.DoesNotContain(Tasks.Runs, r => r.Id == waiting.Id);
    }

    [Fact]
    public async Task AsyncResult_revoke_stops_a_waiting_job_and_reports_whether_it_did()
    {
        var later = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });
        var wait = later.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await later.RevokeAsync("no longer needed"));
        var job = await wait;
        Assert.Equal(JobState.Revoked, job.State);
        Assert.Equal("no longer needed", job.Error);
        Assert.False(await later.RevokeAsync()); // finished already
        Assert.False(await Client.GetResult(JobIds.Next()).RevokeAsync()); // no such job
        await Assert.ThrowsAsync<JobFailedException>(() => later.GetAsync<EchoArgs>(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Purge_deletes_waiting_jobs_or_finished_ones_by_queue()
    {
        var keepRunning = await Client.EnqueueAsync("test.echo", new EchoArgs(0));
        Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        await Client.EnqueueManyAsync(Enumerable.Range(0, 3).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        var other = await Client.EnqueueAsync("test.echo", new EchoArgs(9), new EnqueueOptions { Queue = "other", Countdown = TimeSpan.FromHours(1) });

        Assert.Equal(3, await Store.PurgeAsync("default", null, default));
        Assert.Equal([other.Id, keepRunning.Id], (await Store.ListJobsAsync(new JobFilter(), default)).Select(j => j.Id));

        await Store.FinishAsync("w", [new JobOutcome { Id = keepRunning.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }], default);
        var finishedAt = (await GetAsync(keepRunning.Id)).FinishedAt!.Value;
        Assert.Equal(0, await Store.PurgeAsync(null, finishedAt.AddSeconds(-1), default));
        Assert.Equal(1, await Store.PurgeAsync(null, finishedAt.AddSeconds(1), default));
        Assert.Equal([other.Id], (await Store.ListJobsAsync(new JobFilter(), default)).Select(j => j.Id));
    }
}
