using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Pruning finished jobs after their result TTL, and nothing else.</summary>
public abstract class PruneConformance : ConformanceBase
{
    private static readonly TimeSpan Ttl = TimeSpan.FromHours(1);

    [Fact]
    public async Task Prune_deletes_finished_jobs_past_the_ttl_and_keeps_the_rest()
    {
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 4).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        var claimed = (await Store.ClaimAsync(Claim("w", limit: 3), default)).ToList();
        await Store.FinishAsync("w", [
            new JobOutcome { Id = claimed[0].Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" },
            new JobOutcome { Id = claimed[1].Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "x" },
        ], default);
        Assert.Equal(0, await Store.PruneAsync(Ttl, 100, default));
        // Every row ages, the running and pending ones too: only finished ones go, once their TTL has run out.
        await BackdateJobsAsync(Ttl - TimeSpan.FromMinutes(5), [.. ids]);
        Assert.Equal(0, await Store.PruneAsync(Ttl, 100, default));
        await BackdateJobsAsync(TimeSpan.FromMinutes(10), [.. ids]);
        Assert.Equal(2, await Store.PruneAsync(Ttl, 100, default));
        var left = (await Store.GetJobsAsync(ids, default)).Select(j => j.Id).ToHashSet();
        Assert.Equal(ids.Except([claimed[0].Id, claimed[1].Id]).ToHashSet(), left); // running and pending stay
    }

    [Fact]
    public async Task Prune_works_in_batches()
    {
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 50).Select(i => new JobRequest("test.echo", new EchoArgs(i))))).Select(r => r.Id).ToList();
        var claimed = await Store.ClaimAsync(Claim("w", limit: 50), default);
        await Store.FinishAsync("w", claimed.Select(c => new JobOutcome { Id = c.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }).ToList(), default);
        await BackdateJobsAsync(Ttl + TimeSpan.FromMinutes(5), [.. ids]);
        Assert.Equal(20, await Store.PruneAsync(Ttl, 20, default));
        Assert.Equal(20, await Store.PruneAsync(Ttl, 20, default));
        Assert.Equal(10, await Store.PruneAsync(Ttl, 20, default));
        Assert.Empty(await Store.GetJobsAsync(ids, default));
    }
}
