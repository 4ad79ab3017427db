using System.Text.Json;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Soft and hard time limits (Celery's soft_time_limit / time_limit) on every pool, and their precedence.</summary>
public abstract class TimeLimitConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Soft = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan Hard = TimeSpan.FromMilliseconds(600);
    private static readonly EnqueueOptions Limited = new() { SoftTimeLimit = Soft, TimeLimit = Hard };
    /// <summary>
    /// For the soft limit's tests: a hard limit that cannot overtake the task's own reaction to the soft one (with
    /// <see cref="Hard"/> only 300 ms later, a loaded machine once let the hard limit end a job that honoured its token).
    /// </summary>
    private static readonly EnqueueOptions SoftFirst = new() { SoftTimeLimit = Soft, TimeLimit = TimeSpan.FromSeconds(20) };
    private static readonly JsonElement NoArgs = JsonDocument.Parse("{}").RootElement;

    [Theory]
    [InlineData(WorkerPool.Async)]
    [InlineData(WorkerPool.Threads)]
    [InlineData(WorkerPool.Solo)]
    public async Task A_job_that_honours_its_token_fails_at_the_soft_limit_without_retry(WorkerPool pool)
    {
        await StartWorkerAsync(w => w.Pool = pool);
        var r = await Client.EnqueueAsync("test.limit.honour", NoArgs, SoftFirst);
        var job = await r.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, job.State);
        Assert.Equal("SoftTimeLimitExceeded: job exceeded its soft time limit of 0.3s", job.Error);
        Assert.Contains("CanceledException", job.Traceback); // what the task threw is kept as the traceback
        Assert.Equal(1, job.Attempt); // not retried, though retries were left
        Assert.True(job.FinishedAt!.Value - job.StartedAt!.Value >= Soft - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task A_job_that_catches_the_soft_limit_and_returns_succeeds()
    {
        await StartWorkerAsync();
        var r = await Client.EnqueueAsync("test.limit.catch", NoArgs, SoftFirst);
        Assert.Equal("cleaned up", await r.GetAsync<string>(Wait));
        Assert.Equal(JobState.Success, await r.GetStateAsync());
    }

    [Theory]
    [InlineData(WorkerPool.Async, "test.limit.ignore")]
    [InlineData(WorkerPool.Threads, "test.limit.ignore")]
    [InlineData(WorkerPool.Solo, "test.limit.ignore")]
    [InlineData(WorkerPool.Async, "test.limit.block")]
    [InlineData(WorkerPool.Threads, "test.limit.block")]
    [InlineData(WorkerPool.Solo, "test.limit.block")]
    public async Task A_job_that_ignores_cancellation_fails_at_the_hard_limit_and_frees_its_slot(WorkerPool pool, string task)
    {
        try
        {
            await StartWorkerAsync(w => { w.Pool = pool; w.Concurrency = 1; w.PrefetchMultiplier = 1; });
            var r = await Client.EnqueueAsync(task, NoArgs, Limited);
            var job = await r.WaitAsync(Wait);
            Assert.Equal(JobState.Failure, job.State);
            Assert.Equal("TimeLimitExceeded: job exceeded its time limit of 0.6s", job.Error);
            Assert.Equal(1, job.Attempt);
            var took = job.FinishedAt!.Value - job.StartedAt!.Value;
            Assert.True(took >= Hard - TimeSpan.FromMilliseconds(50), $"failed after {took}, before the hard limit");
            Assert.True(took < TimeSpan.FromSeconds(5), $"failed after {took}, long after the hard limit");

            // The only slot is free again while the abandoned code still runs.
            var next = await Client.EnqueueAsync("test.echo", new EchoArgs(7));
            Assert.Equal(new EchoArgs(7), await next.GetAsync<EchoArgs>(Wait));
            Assert.False(IgnoringReturnedYet());

            // Its eventual result is discarded.
            Tasks.Never.TrySetResult();
            Assert.Equal(r.Id, await Tasks.IgnoringReturned.Task.WaitAsync(Wait));
            var after = (await r.GetInfoAsync())!;
            Assert.Equal(JobState.Failure, after.State);
            Assert.Null(after.Result);
        }
        finally
        {
            Tasks.Never.TrySetResult(); // never leave a blocked thread behind
        }
    }

    [Fact]
    public async Task Task_defaults_apply_and_a_job_option_overrides_them()
    {
        await StartWorkerAsync();
        // Default of test.limit.default: soft 300 ms.
        var byDefault = await (await Client.EnqueueAsync("test.limit.default", NoArgs)).WaitAsync(Wait);
        Assert.Equal("SoftTimeLimitExceeded: job exceeded its soft time limit of 0.3s", byDefault.Error);
        // The job's own limits win.
        var overridden = await (await Client.EnqueueAsync("test.limit.default", NoArgs,
            new EnqueueOptions { SoftTimeLimit = TimeSpan.FromMilliseconds(200), TimeLimit = TimeSpan.FromSeconds(20) })).WaitAsync(Wait);
        Assert.Equal("SoftTimeLimitExceeded: job exceeded its soft time limit of 0.2s", overridden.Error);
    }

    [Fact]
    public async Task Limits_are_taken_from_the_job_then_the_task_then_the_worker()
    {
        await StartWorkerAsync(w => { w.SoftTimeLimit = TimeSpan.FromSeconds(7); w.TimeLimit = TimeSpan.FromSeconds(14); });
        var job = await Client.EnqueueAsync("test.limit.report", NoArgs, new EnqueueOptions { SoftTimeLimit = TimeSpan.FromSeconds(2) });
        var task = await Client.EnqueueAsync("test.limit.report", NoArgs);
        var worker = await Client.EnqueueAsync("test.limit.report_plain", NoArgs);
        Assert.Equal(2000, await job.GetAsync<double?>(Wait));
        Assert.Equal(5000, await task.GetAsync<double?>(Wait));
        Assert.Equal(7000, await worker.GetAsync<double?>(Wait));
    }

    [Fact]
    public async Task Jobs_enqueued_in_bulk_keep_their_limits()
    {
        // Large enough for PostgreSQL's COPY path.
        var requests = Enumerable.Range(0, 300).Select(i => new JobRequest("test.limit.report_plain", NoArgs,
            new EnqueueOptions { SoftTimeLimit = i % 2 == 0 ? TimeSpan.FromSeconds(3) : null, TimeLimit = TimeSpan.FromSeconds(9) })).ToList();
        var results = await Client.EnqueueManyAsync(requests);
        await StartWorkerAsync();
        for (var i = 0; i < results.Count; i += 50)
            Assert.Equal(3000, await results[i].GetAsync<double?>(Wait));
        Assert.Null(await results[1].GetAsync<double?>(Wait));
    }

    private bool IgnoringReturnedYet() => Tasks.IgnoringReturned.Task.IsCompleted;
}
