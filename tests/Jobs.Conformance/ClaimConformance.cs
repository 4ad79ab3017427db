using Xunit;

namespace Jobs.Conformance;

/// <summary>Claiming: order, queues, eta, expiry, and no job claimed twice.</summary>
public abstract class ClaimConformance : ConformanceBase
{
    [Fact]
    public async Task Claim_takes_higher_priority_first_then_earlier_jobs_and_leases_them()
    {
        var low = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Priority = 0 });
        var high = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Priority = 9 });
        var low2 = await Client.EnqueueAsync("test.echo", new EchoArgs(3), new EnqueueOptions { Priority = 0 });
        var claimed = await Store.ClaimAsync(Claim("w1", limit: 2), default);
        Assert.Equal([high.Id, low.Id], claimed.Select(c => c.Id));
        Assert.All(claimed, c => Assert.Equal(1, c.Attempt));
        var job = await GetAsync(high.Id);
        Assert.Equal(JobState.Started, job.State);
        Assert.Equal("w1", job.Worker);
        Assert.NotNull(job.StartedAt);
        Assert.InRange(job.LeaseUntil!.Value - job.StartedAt!.Value, TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(31));
        Assert.Equal([low2.Id], (await Store.ClaimAsync(Claim("w2"), default)).Select(c => c.Id));
        Assert.Empty(await Store.ClaimAsync(Claim("w3"), default));
    }

    [Fact]
    public async Task Claim_only_takes_the_requested_queues()
    {
        var a = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "a" });
        var b = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = "b" });
        await Client.EnqueueAsync("test.echo", new EchoArgs(3), new EnqueueOptions { Queue = "c" });
        Assert.Equal([a.Id], (await Store.ClaimAsync(Claim("w", queue: "a"), default)).Select(c => c.Id));
        var both = await Store.ClaimAsync(new Storage.ClaimRequest("w", ["b", "a", "zzz"], 10, TimeSpan.FromSeconds(30)), default);
        Assert.Equal([b.Id], both.Select(c => c.Id));
    }

    [Fact]
    public async Task A_countdown_job_becomes_claimable_when_its_time_comes_on_the_database_clock()
    {
        var countdown = TimeSpan.FromMinutes(10);
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = countdown });
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default));
        var delay = await Store.NextRunDelayAsync(["default"], default);
        Assert.NotNull(delay);
        Assert.InRange(delay.Value, countdown - TimeSpan.FromMinutes(1), countdown);

        // The database clock nears the run time, then reaches it.
        await BackdateJobsAsync(countdown - TimeSpan.FromSeconds(30), r.Id);
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default));
        Assert.InRange((await Store.NextRunDelayAsync(["default"], default))!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30));
        await BackdateJobsAsync(TimeSpan.FromSeconds(31), r.Id);
        Assert.Equal([r.Id], (await Store.ClaimAsync(Claim("w"), default)).Select(c => c.Id));
    }

    [Fact]
    public async Task A_claim_that_meets_hundreds_of_expired_jobs_revokes_them_all()
    {
        // Hundreds of expired ids must not overflow a notification payload and fail the claim.
        var expired = await Client.EnqueueManyAsync(Enumerable.Range(0, 300).Select(i =>
            new JobRequest("test.echo", new EchoArgs(i), new EnqueueOptions { ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) })));
        var claimed = await Store.ClaimAsync(Claim("w", limit: 400), default);
        Assert.Equal(300, claimed.Count(c => c.Expired));
        var jobs = await Client.GetJobsAsync(expired.Select(e => e.Id).ToList());
        Assert.All(jobs, j => Assert.Equal(JobState.Revoked, j.State));
    }

    [Fact]
    public async Task An_expired_job_is_revoked_with_reason_expired_instead_of_claimed()
    {
        var expired = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { ExpiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        var fresh = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Expires = TimeSpan.FromHours(1) });
        var claimed = await Store.ClaimAsync(Claim("w"), default);
        Assert.True(claimed.Single(c => c.Id == expired.Id).Expired);
        Assert.False(claimed.Single(c => c.Id == fresh.Id).Expired);
        var job = await GetAsync(expired.Id);
        Assert.Equal(JobState.Revoked, job.State);
        Assert.Equal("expired", job.Error);
        Assert.Equal(0, job.Attempt);
        Assert.NotNull(job.FinishedAt);
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_out_the_same_job_twice()
    {
        await Client.EnqueueManyAsync(Enumerable.Range(0, 1000).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await Store.ClaimAsync(Claim($"w{w}", limit: 37), default);
                if (batch.Count == 0) return mine;
                mine.AddRange(batch.Select(b => b.Id));
            }
        }));
        var ids = all.SelectMany(x => x).ToList();
        Assert.Equal(1000, ids.Count);
        Assert.Equal(1000, ids.Distinct().Count());
    }
}
