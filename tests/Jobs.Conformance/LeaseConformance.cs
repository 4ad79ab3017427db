using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Leases: heartbeat extension, expiry, rescue, and rejecting the rescued attempt's late completion.</summary>
public abstract class LeaseConformance : ConformanceBase
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    /// <summary>How far short of, then past, the lease's end the tests move a claimed job's times.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Extending_leases_returns_only_jobs_still_owned()
    {
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 2).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        var claimed = await Store.ClaimAsync(Claim("w", lease: TimeSpan.FromSeconds(5)), default);
        var before = (await GetAsync(ids[0])).LeaseUntil!.Value;
        var still = await Store.ExtendLeasesAsync("w", [.. claimed.Select(c => new HeldJob(c.Id, c.Attempt)), new HeldJob(Guid.CreateVersion7(), 1)], TimeSpan.FromMinutes(10), default);
        Assert.Equal(ids.ToHashSet(), still.Select(h => h.Id).ToHashSet());
        Assert.True((await GetAsync(ids[0])).LeaseUntil!.Value > before.AddMinutes(9));
        Assert.Empty(await Store.ExtendLeasesAsync("other", claimed.Select(c => new HeldJob(c.Id, c.Attempt)).ToList(), TimeSpan.FromMinutes(10), default));
    }

    [Fact]
    public async Task An_expired_lease_is_rescued_and_the_old_attempt_cannot_complete()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var first = Assert.Single(await Store.ClaimAsync(Claim("dead", lease: Lease), default));
        Assert.Equal(0, await Store.RescueAsync(100, default)); // lease still valid
        await BackdateJobsAsync(Lease - Margin, r.Id); // the database clock nears the lease's end
        Assert.Equal(0, await Store.RescueAsync(100, default));
        await BackdateJobsAsync(Margin * 2, r.Id); // and passes it
        Assert.Equal(1, await Store.RescueAsync(100, default));
        var rescued = await GetAsync(r.Id);
        Assert.Equal(JobState.Pending, rescued.State);
        Assert.Contains("WorkerLostError", rescued.Error);
        Assert.Null(rescued.Worker);

        var second = Assert.Single(await Store.ClaimAsync(Claim("alive"), default));
        Assert.Equal(2, second.Attempt);
        var zombie = new JobOutcome { Id = first.Id, Attempt = first.Attempt, Kind = OutcomeKind.Success, ResultJson = "1" };
        Assert.Empty(await Store.FinishAsync("dead", [zombie], default));
        Assert.Single(await Store.FinishAsync("alive", [zombie with { Attempt = 2, ResultJson = "2" }], default));
        var done = await GetAsync(r.Id);
        Assert.Equal(JobState.Success, done.State);
        Assert.Equal("2", done.Result);
        Assert.Null(done.Error);
    }

    [Fact]
    public async Task A_rescued_job_with_no_attempts_left_fails()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { MaxRetries = 0 });
        Assert.Single(await Store.ClaimAsync(Claim("dead", lease: Lease), default));
        var wait = r.WaitAsync(TimeSpan.FromSeconds(30));
        await BackdateJobsAsync(Lease - Margin, r.Id);
        Assert.Equal(0, await Store.RescueAsync(100, default));
        await BackdateJobsAsync(Margin * 2, r.Id); // the lease runs out on the database clock
        Assert.Equal(1, await Store.RescueAsync(100, default));
        var job = await wait;
        Assert.Equal(JobState.Failure, job.State);
        Assert.Contains("WorkerLostError", job.Error);
    }

    [Fact]
    public async Task Released_jobs_return_to_the_queue_without_spending_an_attempt()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var c = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        Assert.Equal(0, await Store.ReleaseAsync("other", [new HeldJob(c.Id, c.Attempt)], default));
        Assert.Equal(1, await Store.ReleaseAsync("w", [new HeldJob(c.Id, c.Attempt)], default));
        var job = await GetAsync(r.Id);
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(0, job.Attempt);
        Assert.Equal(1, Assert.Single(await Store.ClaimAsync(Claim("w"), default)).Attempt);
    }
}
