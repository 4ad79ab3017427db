using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Graceful shutdown: running jobs finish within the grace period or are cancelled and released.</summary>
public abstract class ShutdownConformance : ConformanceBase
{
    [Fact]
    public async Task A_job_still_running_after_the_grace_period_is_cancelled_and_released()
    {
        var host = await StartWorkerAsync(w => w.ShutdownGracePeriod = TimeSpan.FromMilliseconds(200));
        var r = await Client.EnqueueAsync("test.block");
        Assert.Equal(r.Id, await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await host.StopAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(r.Id, Tasks.Cancelled);
        var job = (await r.GetInfoAsync())!;
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(0, job.Attempt);
        Assert.Null(job.Worker);
    }

    [Fact]
    public async Task A_job_that_finishes_within_the_grace_period_is_recorded()
    {
        var host = await StartWorkerAsync(w => w.ShutdownGracePeriod = TimeSpan.FromSeconds(30));
        var r = await Client.EnqueueAsync("test.block");
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The job ends only once shutdown has begun, so it must be the grace period that lets it finish.
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => Tasks.Unblock.TrySetResult());
        await host.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Empty(Tasks.Cancelled);
        var job = (await r.GetInfoAsync())!;
        Assert.Equal(JobState.Success, job.State);
    }

    [Fact]
    public async Task Stopping_releases_claimed_jobs_that_had_not_started()
    {
        var host = await StartWorkerAsync(w => { w.Concurrency = 1; w.PrefetchMultiplier = 4; w.ShutdownGracePeriod = TimeSpan.FromMilliseconds(100); });
        var blocker = await Client.EnqueueAsync("test.block");
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var waiting = await Client.EnqueueManyAsync(Enumerable.Range(0, 3).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        var ids = waiting.Select(w => w.Id).ToList();
        await WaitUntilAsync(async () => (await Client.GetJobsAsync(ids)).All(j => j.State == JobState.Started && j.Worker is not null),
            TimeSpan.FromSeconds(30), "the worker has claimed (prefetched) the waiting jobs");
        await host.StopAsync(TimeSpan.FromSeconds(30));
        var jobs = await Client.GetJobsAsync([blocker.Id, .. waiting.Select(w => w.Id)]);
        Assert.All(jobs, j => Assert.Equal(JobState.Pending, j.State));
        Assert.All(jobs, j => Assert.Equal(0, j.Attempt));
    }
}
