using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The engine over the store: running, retrying, failing, bad input, expiry, priorities, eta.</summary>
public abstract class WorkerConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected override void ConfigureClient(JobsOptions options) => options.AddRemoteTask("remote.only");

    [Fact]
    public async Task A_worker_runs_a_job_and_records_its_result()
    {
        await StartWorkerAsync();
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(42, "answer"));
        var result = await r.GetAsync<EchoArgs>(Wait);
        Assert.Equal(new EchoArgs(42, "answer"), result);
        var job = (await r.GetInfoAsync())!;
        Assert.Equal(JobState.Success, job.State);
        Assert.Equal(1, job.Attempt);
        Assert.NotNull(job.Worker);
        Assert.Single(Tasks.Runs, x => x.Id == r.Id);
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_backoff_until_it_succeeds()
    {
        await StartWorkerAsync();
        var r = await Client.EnqueueAsync("test.flaky", new FlakyArgs(3), new EnqueueOptions { RetryBackoff = TimeSpan.FromMilliseconds(200), MaxRetries = 5 });
        Assert.Equal(3, await r.GetAsync<int>(Wait));
        var job = (await r.GetInfoAsync())!;
        Assert.Equal(3, job.Attempt);
        Assert.Null(job.Error);
        Assert.Equal([1, 2, 3], Tasks.Runs.Where(x => x.Id == r.Id).Select(x => x.Attempt));
        // Two backoffs of at least 100 ms and 200 ms (half of 200·2^0 and 200·2^1 with jitter) on the database clock.
        Assert.True(job.FinishedAt!.Value - job.CreatedAt >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_job_that_keeps_failing_ends_in_failure_with_error_and_traceback()
    {
        await StartWorkerAsync();
        var r = await Client.EnqueueAsync("test.fail", new EchoArgs(5), new EnqueueOptions { MaxRetries = 1, RetryBackoff = TimeSpan.FromMilliseconds(10) });
        var ex = await Assert.ThrowsAsync<JobFailedException>(() => r.GetAsync<int>(Wait));
        Assert.Equal(JobState.Failure, ex.Job.State);
        Assert.Equal("InvalidOperationException: boom 5", ex.Job.Error);
        Assert.Contains("boom 5", ex.Job.Traceback);
        Assert.Contains(" at ", ex.Job.Traceback);
        Assert.Equal(2, ex.Job.Attempt);
        Assert.Equal(2, Tasks.Runs.Count(x => x.Id == r.Id));
    }

    [Fact]
    public async Task Bad_input_reaching_a_worker_fails_the_job_readably_and_the_worker_keeps_running()
    {
        await StartWorkerAsync();
        var unknown = await Client.EnqueueAsync("remote.only", new { x = 1 });
        var badArgs = await Client.EnqueueAsync("test.echo", "\"not an object\"");
        var wrongType = await Client.EnqueueAsync("test.echo", "{\"i\": \"seven\"}");

        var u = await unknown.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, u.State);
        Assert.StartsWith("NotRegistered: Task 'remote.only' is not registered", u.Error);
        Assert.Equal(1, u.Attempt); // not retried

        foreach (var bad in new[] { badArgs, wrongType })
        {
            var b = await bad.WaitAsync(Wait);
            Assert.Equal(JobState.Failure, b.State);
            Assert.Contains("Arguments for task 'test.echo' cannot be read as EchoArgs", b.Error);
            Assert.Equal(1, b.Attempt);
        }

        var after = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Equal(JobState.Success, (await after.WaitAsync(Wait)).State);
    }

    [Fact]
    public async Task An_expired_job_is_not_run_and_is_revoked_as_expired()
    {
        var expires = TimeSpan.FromMinutes(1);
        var expired = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Expires = expires });
        await BackdateJobsAsync(expires + TimeSpan.FromSeconds(1), expired.Id); // it expires on the database clock before any worker exists
        await StartWorkerAsync();
        var job = await expired.WaitAsync(Wait);
        Assert.Equal(JobState.Revoked, job.State);
        Assert.Equal("expired", job.Error);
        Assert.DoesNotContain(Tasks.Runs, x => x.Id == expired.Id);
    }

    [Fact]
    public async Task A_single_slot_worker_runs_higher_priority_jobs_first()
    {
        for (var i = 0; i < 5; i++) await Client.EnqueueAsync("test.echo", new EchoArgs(i), new EnqueueOptions { Priority = (short)i });
        await StartWorkerAsync(w => { w.Concurrency = 1; w.PrefetchMultiplier = 1; });
        var last = await Client.EnqueueAsync("test.echo", new EchoArgs(-1), new EnqueueOptions { Priority = -1 });
        await last.WaitAsync(Wait);
        Assert.Equal([4, 3, 2, 1, 0, -1], Tasks.Order);
    }

    [Fact]
    public async Task A_countdown_job_runs_after_its_countdown_and_not_before()
    {
        await StartWorkerAsync(w => w.PollInterval = TimeSpan.FromMinutes(5)); // only the next-run timer can wake it

        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromSeconds(1) });
        Assert.Equal(JobState.Pending, await r.GetStateAsync());
        var job = await r.WaitAsync(Wait);
        Assert.Equal(JobState.Success, job.State);
        Assert.True(job.StartedAt!.Value - job.CreatedAt >= TimeSpan.FromSeconds(1));
        Assert.True(job.StartedAt!.Value - job.CreatedAt < TimeSpan.FromSeconds(5), "woken by its timer, not a slow poll");
    }

    [Fact]
    public async Task Many_jobs_are_each_run_exactly_once_by_two_workers()
    {
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 500).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        await StartWorkerAsync(w => w.Concurrency = 8);
        await StartWorkerAsync(w => w.Concurrency = 8);
        foreach (var id in ids) await Client.GetResult(id).WaitAsync(Wait);
        Assert.Equal(500, Tasks.Runs.Count);
        Assert.Equal(500, Tasks.Runs.Select(r => r.Id).Distinct().Count());
        Assert.All(await Client.GetJobsAsync(ids), j => Assert.Equal(JobState.Success, j.State));
    }
}
