using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Recording outcomes: success, failure, retry with backoff, and the ownership guard.</summary>
public abstract class CompleteConformance : ConformanceBase
{
    private static JobOutcome Outcome(ClaimedJob c, OutcomeKind kind, TimeSpan delay = default) => new()
    {
        Id = c.Id, Attempt = c.Attempt, Kind = kind, ResultJson = kind == OutcomeKind.Success ? "{\"ok\":true}" : null,
        Error = kind == OutcomeKind.Success ? null : "InvalidOperationException: boom", Traceback = kind == OutcomeKind.Success ? null : "at Somewhere()",
        RetryDelay = delay,
    };

    [Fact]
    public async Task Finish_records_success_failure_and_retry_in_one_batch()
    {
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 3).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        var claimed = (await Store.ClaimAsync(Claim("w"), default)).ToDictionary(c => c.Id);
        var written = await Store.FinishAsync("w", [
            Outcome(claimed[ids[0]], OutcomeKind.Success),
            Outcome(claimed[ids[1]], OutcomeKind.Failure),
            Outcome(claimed[ids[2]], OutcomeKind.Retry, TimeSpan.FromMinutes(5)),
        ], default);
        Assert.Equal(ids.ToHashSet(), written.ToHashSet());

        var ok = await GetAsync(ids[0]);
        Assert.Equal(JobState.Success, ok.State);
        Assert.Contains("\"ok\"", ok.Result);
        Assert.NotNull(ok.FinishedAt);
        Assert.Null(ok.LeaseUntil);

        var failed = await GetAsync(ids[1]);
        Assert.Equal(JobState.Failure, failed.State);
        Assert.Equal("InvalidOperationException: boom", failed.Error);
        Assert.Equal("at Somewhere()", failed.Traceback);

        var retry = await GetAsync(ids[2]);
        Assert.Equal(JobState.Retry, retry.State);
        Assert.Null(retry.FinishedAt);
        Assert.InRange(retry.RunAt - retry.StartedAt!.Value, TimeSpan.FromMinutes(4.9), TimeSpan.FromMinutes(5.1));
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default)); // not before its backoff
    }

    [Fact]
    public async Task A_retried_job_is_claimed_again_with_the_next_attempt()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var first = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        await Store.FinishAsync("w", [Outcome(first, OutcomeKind.Retry, TimeSpan.Zero)], default);
        var second = Assert.Single(await Store.ClaimAsync(Claim("w2"), default));
        Assert.Equal(r.Id, second.Id);
        Assert.Equal(2, second.Attempt);
    }

    [Fact]
    public async Task Zombie_completion_by_another_worker_or_an_old_attempt_is_rejected()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var c = Assert.Single(await Store.ClaimAsync(Claim("owner"), default));
        Assert.Empty(await Store.FinishAsync("intruder", [Outcome(c, OutcomeKind.Success)], default));
        Assert.Empty(await Store.FinishAsync("owner", [Outcome(c, OutcomeKind.Success) with { Attempt = 99 }], default));
        Assert.Equal(JobState.Started, (await GetAsync(r.Id)).State);
        Assert.Single(await Store.FinishAsync("owner", [Outcome(c, OutcomeKind.Failure)], default));
        Assert.Empty(await Store.FinishAsync("owner", [Outcome(c, OutcomeKind.Success)], default)); // already finished
        Assert.Equal(JobState.Failure, (await GetAsync(r.Id)).State);
    }

    [Fact]
    public async Task Wait_for_result_is_woken_when_the_job_finishes()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var wait = r.WaitAsync(TimeSpan.FromSeconds(30));
        var c = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        Assert.False(wait.IsCompleted);
        await Store.FinishAsync("w", [Outcome(c, OutcomeKind.Success)], default);
        var woken = System.Diagnostics.Stopwatch.StartNew();
        var job = await wait;
        // Woken by the completion signal, well before any safety re-check (2 s and more) would have found it.
        Assert.True(woken.Elapsed < TimeSpan.FromSeconds(1), $"the waiter took {woken.Elapsed} to notice the finished job");
        Assert.Equal(JobState.Success, job.State);
        await Assert.ThrowsAsync<TimeoutException>(() => Client.GetResult(Guid.CreateVersion7()).WaitAsync(TimeSpan.FromMilliseconds(300)));
    }
}
