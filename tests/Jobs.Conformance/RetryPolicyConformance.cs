using Xunit;

namespace Jobs.Conformance;

/// <summary>Retry policy per task and per job (retry-for, max retries, countdown, backoff), context.Retry, and the attempt history it leaves.</summary>
public abstract class RetryPolicyConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    protected PolicyTasks Policy { get; } = new();

    protected override void ConfigureClient(JobsOptions options) => Policy.Register(options);

    private Task StartAsync() => StartWorkerAsync(jobs: Policy.Register);

    [Fact]
    public async Task A_job_that_fails_twice_then_succeeds_has_three_attempts_in_its_history()
    {
        await StartAsync();
        var r = await Client.EnqueueAsync("test.flaky", new FlakyArgs(3), new EnqueueOptions { MaxRetries = 5, RetryBackoff = TimeSpan.FromMilliseconds(20) });
        Assert.Equal(3, await r.GetAsync<int>(Wait));

        var attempts = await r.GetAttemptsAsync();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([JobState.Retry, JobState.Retry, JobState.Success], attempts.Select(a => a.State));
        Assert.Equal("TimeoutException: flaky attempt 1", attempts[0].Error);
        Assert.Equal("TimeoutException: flaky attempt 2", attempts[1].Error);
        Assert.Contains(" at ", attempts[0].Traceback);
        Assert.Null(attempts[2].Error);
        var job = (await r.GetInfoAsync())!;
        Assert.All(attempts, a =>
        {
            Assert.Equal(job.Worker, a.Worker);
            Assert.NotNull(a.StartedAt);
            Assert.True(a.FinishedAt >= a.StartedAt);
        });
        Assert.True(attempts[1].StartedAt >= attempts[0].FinishedAt);
        Assert.True(attempts[2].StartedAt >= attempts[1].FinishedAt);
    }

    [Fact]
    public async Task Retry_for_fails_an_unlisted_exception_at_once_and_retries_listed_ones_and_their_subclasses()
    {
        await StartAsync();
        var invalid = await Client.EnqueueAsync("policy.retry_for", new ThrowArgs("invalid"));
        var timeout = await Client.EnqueueAsync("policy.retry_for", new ThrowArgs("timeout"));
        var slow = await Client.EnqueueAsync("policy.retry_for", new ThrowArgs("slow"));

        var failed = await invalid.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, failed.State);
        Assert.Equal("InvalidOperationException: invalid 1", failed.Error);
        Assert.Equal(1, failed.Attempt);
        var only = Assert.Single(await invalid.GetAttemptsAsync());
        Assert.Equal(JobState.Failure, only.State);

        foreach (var retried in new[] { timeout, slow })
        {
            Assert.Equal("done", await retried.GetAsync<string>(Wait));
            Assert.Equal([JobState.Retry, JobState.Retry, JobState.Success], (await retried.GetAttemptsAsync()).Select(a => a.State));
        }
    }

    [Fact]
    public async Task A_jobs_own_retry_for_names_match_the_exception_type_hierarchy()
    {
        await StartAsync();
        // test.fail throws InvalidOperationException, a SystemException.
        var notListed = await Client.EnqueueAsync("test.fail", new EchoArgs(1),
            new EnqueueOptions { MaxRetries = 3, RetryCountdown = TimeSpan.FromMilliseconds(10), RetryFor = ["TimeoutException"] });
        var baseListed = await Client.EnqueueAsync("test.fail", new EchoArgs(2),
            new EnqueueOptions { MaxRetries = 2, RetryCountdown = TimeSpan.FromMilliseconds(10), RetryFor = ["System.SystemException"] });
        // The job's names override the task's types: policy.retry_for retries TimeoutException, this job does not.
        var overridden = await Client.EnqueueAsync("policy.retry_for", new ThrowArgs("timeout"), new EnqueueOptions { RetryFor = [] });

        Assert.Single(await (await WaitFailedAsync(notListed)).GetAttemptsAsync());
        Assert.Equal([JobState.Retry, JobState.Retry, JobState.Failure], (await (await WaitFailedAsync(baseListed)).GetAttemptsAsync()).Select(a => a.State));
        Assert.Single(await (await WaitFailedAsync(overridden)).GetAttemptsAsync());
    }

    private static async Task<AsyncResult> WaitFailedAsync(AsyncResult r)
    {
        Assert.Equal(JobState.Failure, (await r.WaitAsync(Wait)).State);
        return r;
    }

    [Fact]
    public async Task Context_retry_reschedules_the_job_with_its_countdown()
    {
        await StartAsync();
        // The backoff would retry after 10 ms: the job runs again after the countdown it asked for instead.
        var r = await Client.EnqueueAsync("policy.retry_once", 1500, new EnqueueOptions { RetryBackoff = TimeSpan.FromMilliseconds(10) });
        Assert.Equal(2, await r.GetAsync<int>(Wait));
        var attempts = await r.GetAttemptsAsync();
        Assert.Equal([JobState.Retry, JobState.Success], attempts.Select(a => a.State));
        Assert.Equal("Retry: Retry requested", attempts[0].Error);
        var gap = attempts[1].StartedAt!.Value - attempts[0].FinishedAt;
        Assert.True(gap >= TimeSpan.FromMilliseconds(1500), $"ran again after {gap}");
        Assert.True(gap < TimeSpan.FromSeconds(10), $"ran again after {gap}");
    }

    [Fact]
    public async Task Context_retry_counts_against_max_retries_and_then_fails()
    {
        await StartAsync();
        var plain = await Client.EnqueueAsync("policy.retry_always", new ThrowArgs("plain"), new EnqueueOptions { MaxRetries = 2 });
        var reason = await Client.EnqueueAsync("policy.retry_always", new ThrowArgs("reason"), new EnqueueOptions { MaxRetries = 1 });

        var p = await plain.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, p.State);
        Assert.Equal(3, p.Attempt);
        Assert.StartsWith("MaxRetriesExceeded: ", p.Error);
        Assert.Equal([JobState.Retry, JobState.Retry, JobState.Failure], (await plain.GetAttemptsAsync()).Select(a => a.State));

        var q = await reason.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, q.State);
        Assert.Equal("TimeoutException: upstream gone", q.Error);
        var attempts = await reason.GetAttemptsAsync();
        Assert.Equal([JobState.Retry, JobState.Failure], attempts.Select(a => a.State));
        Assert.Equal("TimeoutException: upstream gone", attempts[0].Error);
        Assert.Equal(2, Policy.Runs.Count(x => x.Id == reason.Id));
    }

    [Fact]
    public async Task Task_defaults_set_max_retries_and_a_fixed_countdown_and_a_job_overrides_them()
    {
        await StartAsync();
        var byTask = await Client.EnqueueAsync("policy.task_defaults", new { });
        var byJob = await Client.EnqueueAsync("policy.task_defaults", new { }, new EnqueueOptions { MaxRetries = 0 });

        var t = await byTask.WaitAsync(Wait);
        Assert.Equal((JobState.Failure, 2, 2), (t.State, t.Attempt, t.MaxAttempts));
        var attempts = await byTask.GetAttemptsAsync();
        Assert.True(attempts[1].StartedAt!.Value - attempts[0].FinishedAt >= TimeSpan.FromMilliseconds(30));

        var j = await byJob.WaitAsync(Wait);
        Assert.Equal((JobState.Failure, 1, 1), (j.State, j.Attempt, j.MaxAttempts));
    }
}
