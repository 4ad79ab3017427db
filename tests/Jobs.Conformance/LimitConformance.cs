using System.Collections.Concurrent;
using System.Text.Json;
using Jobs.Limits;
using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Rate and concurrency limits per task and queue: exact under concurrent claimers, invisible to the plain claim,
/// settable and clearable at run time, declared in code without overwriting run-time changes, and obeyed by workers.
/// </summary>
public abstract class LimitConformance : ConformanceBase
{
    private static readonly RateLimit SlowRefill = RateLimit.Parse("1/h", burst: 3); // a bucket of exactly 3 for the test's length

    protected override void ConfigureClient(JobsOptions options) => options.AddRemoteTask("limit.slow").AddRemoteTask("limit.paced");

    private async Task<List<Guid>> EnqueueAsync(string task, int count, string queue = "default")
    {
        var results = await Client.EnqueueManyAsync(Enumerable.Range(0, count).Select(i =>
            new JobRequest(task, new EchoArgs(i), new EnqueueOptions { Queue = queue })));
        return results.Select(r => r.Id).ToList();
    }

    private Task<LimitedClaim> ClaimLimitedAsync(string worker, int limit = 10, string queue = "default")
        => Store.ClaimLimitedAsync(Claim(worker, limit, queue), default);

    [Fact]
    public async Task A_rate_limited_task_starts_no_more_jobs_than_its_bucket_holds_however_many_claim_at_once()
    {
        await EnqueueAsync("test.echo", 20);
        var other = await EnqueueAsync("test.fail", 2);
        Assert.True(await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", SlowRefill, default));

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ClaimLimitedAsync($"w{i}")));
        Assert.Equal(3, claims.Sum(c => c.Jobs.Count));
        Assert.All(claims.SelectMany(c => c.Jobs), j => Assert.Equal("test.echo", j.Task));
        Assert.All(claims, c => Assert.True(c.LimitedWorkLeft));
        var empty = await ClaimLimitedAsync("late");
        Assert.Empty(empty.Jobs);
        Assert.InRange(empty.WakeIn!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromMinutes(61)); // the next token of 1/h

        // The plain claim never takes a limited job, but takes the others.
        var plain = await Store.ClaimAsync(Claim("plain", 50), default);
        Assert.Equal(other.Order(), plain.Select(j => j.Id).Order());
    }

    [Fact]
    public async Task A_bucket_refills_at_its_rate()
    {
        await EnqueueAsync("test.echo", 10);
        // A token a minute: slow enough that no token comes back while the test runs on a loaded machine (at 10/s, a
        // tenth of a second between two claims refilled one), and the database clock is moved, not waited for.
        await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", RateLimit.Parse("1/m", burst: 1), default);
        Assert.Single((await ClaimLimitedAsync("w")).Jobs);
        var next = await ClaimLimitedAsync("w");
        Assert.Empty(next.Jobs);
        Assert.InRange(next.WakeIn!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1));
        await BackdateLimitsAsync(next.WakeIn.Value - TimeSpan.FromSeconds(10)); // ten seconds before the token is back: still nothing
        Assert.Empty((await ClaimLimitedAsync("w")).Jobs);
        await BackdateLimitsAsync(TimeSpan.FromSeconds(10) + TimeSpan.FromMilliseconds(20)); // the rest of the way
        Assert.Single((await ClaimLimitedAsync("w")).Jobs);
    }

    [Fact]
    public async Task A_concurrency_limit_counts_running_jobs_and_frees_a_place_when_one_finishes()
    {
        await EnqueueAsync("test.echo", 10, queue: "narrow");
        Assert.True(await Store.SetConcurrencyLimitAsync(LimitScope.Queue, "narrow", 2, default));

        var claims = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => ClaimLimitedAsync($"w{i}", queue: "narrow")));
        var running = claims.SelectMany(c => c.Jobs).ToList();
        Assert.Equal(2, running.Count);
        var full = await ClaimLimitedAsync("w9", queue: "narrow");
        Assert.Empty(full.Jobs);
        Assert.True(full.SlotsFull);
        Assert.Empty(await Store.ClaimAsync(Claim("plain", 10, "narrow"), default));

        var owner = claims.First(c => c.Jobs.Count > 0);
        var done = owner.Jobs[0];
        var worker = $"w{Array.IndexOf(claims, owner)}";
        Assert.Single(await Store.FinishAsync(worker, [new JobOutcome { Id = done.Id, Attempt = done.Attempt, Kind = OutcomeKind.Success, ResultJson = "1" }], default));
        Assert.Single((await ClaimLimitedAsync("w9", queue: "narrow")).Jobs);
        Assert.Empty((await ClaimLimitedAsync("w9", queue: "narrow")).Jobs);
    }

    [Fact]
    public async Task A_job_under_a_task_limit_and_a_queue_limit_needs_room_in_both()
    {
        await EnqueueAsync("test.echo", 5, queue: "both");
        await EnqueueAsync("test.fail", 5, queue: "both");
        await Store.SetConcurrencyLimitAsync(LimitScope.Queue, "both", 3, default);
        await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", RateLimit.Parse("1/h", burst: 1), default);

        var jobs = (await ClaimLimitedAsync("w", queue: "both")).Jobs;
        Assert.Equal(3, jobs.Count); // the queue allows 3 ...
        Assert.Single(jobs, j => j.Task == "test.echo"); // ... of which the echo bucket allows one
        var limits = await Store.ListLimitsAsync(default);
        Assert.Equal(3, Assert.Single(limits, l => l.Scope == LimitScope.Queue).Running);
        Assert.Equal(0, Assert.Single(limits, l => l.Scope == LimitScope.Task).Tokens!.Value, 3);
    }

    [Fact]
    public async Task Clearing_a_limit_gives_its_jobs_back_to_the_plain_claim()
    {
        await EnqueueAsync("test.echo", 3);
        await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", SlowRefill, default);
        await Store.SetConcurrencyLimitAsync(LimitScope.Task, "test.echo", 1, default);
        Assert.Empty(await Store.ClaimAsync(Claim("plain"), default));
        Assert.Null(await Store.NextRunDelayAsync(["default"], default));

        Assert.True(await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", null, default));
        Assert.False(await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", null, default)); // nothing left to clear
        Assert.Empty(await Store.ClaimAsync(Claim("plain"), default)); // still under its concurrency limit
        Assert.True(await Store.SetConcurrencyLimitAsync(LimitScope.Task, "test.echo", null, default));
        Assert.Equal(3, (await Store.ClaimAsync(Claim("plain"), default)).Count);
        Assert.False((await ClaimLimitedAsync("w")).LimitedWorkLeft);
        var row = Assert.Single(await Store.ListLimitsAsync(default));
        Assert.Null(row.Rate);
        Assert.Null(row.MaxRunning);
    }

    [Fact]
    public async Task Declared_limits_are_stored_once_and_run_time_changes_survive_an_unchanged_declaration()
    {
        var declared = new LimitDeclaration(LimitScope.Task, "test.echo", RateLimit.Parse("10/s"), 4);
        Assert.Equal(1, await Store.DeclareLimitsAsync([declared], default));
        Assert.Equal(0, await Store.DeclareLimitsAsync([declared], default));
        var row = Assert.Single(await Store.ListLimitsAsync(default));
        Assert.Equal("10/s", row.Rate);
        Assert.Equal(10, row.Burst);
        Assert.Equal(4, row.MaxRunning);
        Assert.Equal(declared.Text, row.Declared);

        await Store.SetRateLimitAsync(LimitScope.Task, "test.echo", RateLimit.Parse("2/m"), default); // an operator slows it down
        Assert.Equal(0, await Store.DeclareLimitsAsync([declared], default)); // a restart with the same code keeps that
        Assert.Equal("2/m", Assert.Single(await Store.ListLimitsAsync(default)).Rate);

        Assert.Equal(1, await Store.DeclareLimitsAsync([declared with { Rate = RateLimit.Parse("20/s") }], default)); // new code wins
        Assert.Equal("20/s", Assert.Single(await Store.ListLimitsAsync(default)).Rate);
    }

    [Fact]
    public async Task A_limit_declared_on_a_queue_holds_across_three_workers()
    {
        var running = 0;
        var peak = 0;
        var runs = new ConcurrentBag<Guid>();
        void Declare(JobsOptions o)
        {
            o.ConfigureQueue("narrow", q => q.ConcurrencyLimit = 2);
            o.AddTask<JsonElement, int>("limit.slow", async (_, ctx) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                try { await Task.Delay(50, ctx.CancellationToken); }
                finally { Interlocked.Decrement(ref running); }
                runs.Add(ctx.Id);
                return now;
            });
        }
        var hosts = new List<IHost>();
        for (var i = 0; i < 3; i++)
            hosts.Add(await StartWorkerAsync(w => { w.Queues = ["narrow"]; w.Concurrency = 4; }, Declare));
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 24).Select(_ =>
            new JobRequest("limit.slow", new { }, new EnqueueOptions { Queue = "narrow" })))).Select(r => r.Id).ToList();

        await WaitUntilAsync(async () => (await Store.GetJobsAsync(ids, default)).All(j => j.State == JobState.Success),
            TimeSpan.FromSeconds(30), "all 24 jobs succeeded");
        Assert.Equal(2, peak);
        Assert.Equal(24, runs.Count);
    }

    [Fact]
    public async Task A_rate_limited_task_is_paced_by_its_workers_without_losing_jobs()
    {
        var hosts = new List<IHost>();
        for (var i = 0; i < 2; i++)
            hosts.Add(await StartWorkerAsync(w => w.Concurrency = 4, o => o.AddTask<JsonElement, int>("limit.paced", (_, _) => Task.FromResult(1),
                t => { t.RateLimit = "10/s"; t.RateLimitBurst = 2; })));
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 12).Select(_ => new JobRequest("limit.paced", new { })))).Select(r => r.Id).ToList();

        await WaitUntilAsync(async () => (await Store.GetJobsAsync(ids, default)).All(j => j.State == JobState.Success),
            TimeSpan.FromSeconds(30), "all 12 jobs succeeded");
        var starts = (await Store.GetJobsAsync(ids, default)).Select(j => j.StartedAt!.Value).Order().ToList();
        // Two at once from the full bucket, then one per tenth of a second: the k-th start is no earlier than (k - 2) / 10 s after the first.
        for (var k = 2; k < starts.Count; k++)
            Assert.True(starts[k] - starts[0] >= TimeSpan.FromMilliseconds((k - 1) * 100 - 40),
                $"start {k} came {(starts[k] - starts[0]).TotalMilliseconds} ms after the first");
    }

    [Fact]
    public async Task Revoking_with_terminate_marks_only_running_jobs()
    {
        var waiting = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var running = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = "run" });
        Assert.Single(await Store.ClaimAsync(Claim("w", queue: "run"), default));

        Assert.Equal(2, (await Store.RevokeAsync([waiting.Id, running.Id], "stop", terminate: true, default)).Count);
        Assert.False((await GetAsync(waiting.Id)).TerminateRequested);
        var killed = await GetAsync(running.Id);
        Assert.True(killed.TerminateRequested);
        Assert.Equal(JobState.Revoked, killed.State);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }
}
