using System.Collections.Concurrent;
using System.Text.Json;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// A worker holds attempts, not jobs: a job re-claimed by the same worker as a newer attempt ends the older one,
/// and the older attempt's late outcome never disturbs the newer one. Heartbeats and completions of one worker
/// run concurrently without deadlocking.
/// </summary>
public abstract class AttemptOwnershipConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(string, int), TaskCompletionSource> _gates = new();

    private TaskCompletionSource Gate(string name, int attempt)
        => _gates.GetOrAdd((name, attempt), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    protected override void ConfigureClient(JobsOptions options) => options.AddRemoteTask("own.gate");

    private void AddGateTask(JobsOptions o) => o.AddTask<JsonElement, int>("own.gate", async (_, ctx) =>
    {
        Tasks.Runs.Enqueue((ctx.Id, ctx.Attempt));
        Gate("started", ctx.Attempt).TrySetResult();
        try { await Gate("release", ctx.Attempt).Task.WaitAsync(ctx.CancellationToken); }
        catch (OperationCanceledException)
        {
            Gate("cancelled", ctx.Attempt).TrySetResult();
            // The first attempt ignores its cancellation and reports anyway: the store rejects that outcome,
            // and handling the rejection must leave the newer attempt alone.
            if (ctx.Attempt > 1) throw;
        }
        Gate("returned", ctx.Attempt).TrySetResult();
        return ctx.Attempt;
    });

    [Fact]
    public async Task A_job_reclaimed_by_the_same_worker_cancels_the_older_attempt_and_keeps_leasing_the_newer_one()
    {
        var lease = TimeSpan.FromSeconds(3);
        await StartWorkerAsync(w => { w.Lease = lease; w.Concurrency = 4; }, AddGateTask);
        var r = await Client.EnqueueAsync("own.gate", new { });
        await Gate("started", 1).Task.WaitAsync(Wait);

        // Attempt 1 loses the job (revoked, then requeued, as a rescue would) and this same worker claims attempt 2.
        Assert.Single(await Store.RevokeAsync([r.Id], "test", false, default));
        Assert.Single(await Store.RetryAsync([r.Id], default));
        await Gate("started", 2).Task.WaitAsync(Wait);
        await Gate("cancelled", 1).Task.WaitAsync(Wait);
        await Gate("returned", 1).Task.WaitAsync(Wait);

        // Attempt 1's rejected outcome must not stop the renewals of attempt 2: see its lease extended twice more.
        var seen = (await GetAsync(r.Id)).LeaseUntil!.Value;
        for (var renewal = 1; renewal <= 2; renewal++)
            await WaitUntilAsync(async () =>
            {
                var job = await GetAsync(r.Id);
                Assert.Equal(JobState.Started, job.State);
                Assert.Equal(2, job.Attempt);
                if (job.LeaseUntil <= seen) return false;
                seen = job.LeaseUntil!.Value;
                return true;
            }, lease * 2, $"attempt 2's lease is renewed ({renewal})");
        Assert.False(Gate("cancelled", 2).Task.IsCompleted);

        Gate("release", 2).SetResult();
        var done = await r.WaitAsync(Wait);
        Assert.Equal(JobState.Success, done.State);
        Assert.Equal(2, done.Attempt);
        Assert.Equal([1, 2], Tasks.Runs.Where(x => x.Id == r.Id).Select(x => x.Attempt).Order());
    }

    [Fact]
    public async Task Extending_leases_returns_the_attempts_still_owned()
    {
        await Client.EnqueueManyAsync(Enumerable.Range(0, 2).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        var claimed = await Store.ClaimAsync(Claim("w"), default);
        var held = claimed.Select(c => new HeldJob(c.Id, c.Attempt)).ToList();
        var stale = new HeldJob(held[0].Id, held[0].Attempt + 1);
        var still = await Store.ExtendLeasesAsync("w", [stale, .. held], TimeSpan.FromMinutes(1), default);
        Assert.Equal(held.ToHashSet(), still.ToHashSet());
    }

    [Fact]
    public async Task Heartbeats_completions_and_releases_of_one_worker_in_different_orders_do_not_deadlock()
    {
        const int count = 400;
        await Client.EnqueueManyAsync(Enumerable.Range(0, count).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        var claimed = await Store.ClaimAsync(Claim("w", limit: count, lease: TimeSpan.FromMinutes(5)), default);
        Assert.Equal(count, claimed.Count);
        var held = claimed.Select(c => new HeldJob(c.Id, c.Attempt)).ToList();

        async Task Heartbeats(int seed)
        {
            var random = new Random(seed);
            for (var i = 0; i < 15; i++)
                await Store.ExtendLeasesAsync("w", held.OrderBy(_ => random.Next()).ToList(), TimeSpan.FromMinutes(5), default);
        }
        async Task Complete(IEnumerable<ClaimedJob> jobs, int seed)
        {
            var random = new Random(seed);
            foreach (var chunk in jobs.OrderBy(_ => random.Next()).Chunk(40))
                await Store.FinishAsync("w", chunk.Select(c => new JobOutcome { Id = c.Id, Attempt = c.Attempt, Kind = OutcomeKind.Success, ResultJson = "1" }).ToList(), default);
        }
        async Task Release(IEnumerable<ClaimedJob> jobs, int seed)
        {
            var random = new Random(seed);
            foreach (var chunk in jobs.OrderBy(_ => random.Next()).Chunk(40))
                await Store.ReleaseAsync("w", chunk.Select(c => new HeldJob(c.Id, c.Attempt)).ToList(), default);
        }

        var half = claimed.Take(count / 2).ToList();
        await Task.WhenAll(
            Task.Run(() => Heartbeats(1)), Task.Run(() => Heartbeats(2)), Task.Run(() => Heartbeats(3)),
            Task.Run(() => Complete(half, 4)), Task.Run(() => Release(claimed.Skip(count / 2), 5)));

        var jobs = await Store.GetJobsAsync(claimed.Select(c => c.Id).ToList(), default);
        Assert.Equal(count / 2, jobs.Count(j => j.State == JobState.Success));
        Assert.Equal(count / 2, jobs.Count(j => j.State == JobState.Pending));
    }
}
