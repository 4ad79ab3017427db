using System.Text.Json;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The worker's side of limits: it sleeps until the store says a token arrives, skips limited claims while there are no limits, and re-checks leases when a held job finishes elsewhere.</summary>
public sealed class WorkerLimitTests : IAsyncLifetime
{
    private readonly FakeStore _store = new();
    private JobWorker? _worker;

    /// <summary>A clock whose timestamps never move (delays still run in real time): the worker's one-second skip never ends.</summary>
    private sealed class FrozenTimestamps : TimeProvider
    {
        public override long GetTimestamp() => 1;
    }

    private async Task StartAsync(TimeSpan poll, TimeSpan? lease = null, TimeProvider? time = null)
    {
        var jobs = new JobsOptions();
        if (time is not null) jobs.TimeProvider = time;
        jobs.AddTask<JsonElement, int>("gate", async (_, ctx) => { await Task.Delay(Timeout.Infinite, ctx.CancellationToken); return 1; });
        var options = new WorkerOptions { PollInterval = poll, Lease = lease ?? TimeSpan.FromSeconds(30), ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) };
        _worker = new JobWorker(_store, jobs, options, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await _worker.StartAsync(default);
    }

    [Fact]
    public async Task A_worker_waiting_for_a_token_sleeps_until_it_arrives_instead_of_polling()
    {
        // Limits exist, nothing may start, and the next token is 400 ms away: the worker must not spin.
        var times = new System.Collections.Concurrent.ConcurrentQueue<TimeSpan>();
        var third = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _store.Limited = _ =>
        {
            times.Enqueue(clock.Elapsed);
            if (times.Count >= 3) third.TrySetResult();
            return new LimitedClaim([], LimitedWorkLeft: true, WakeIn: TimeSpan.FromMilliseconds(400), SlotsFull: false);
        };
        await StartAsync(poll: TimeSpan.FromSeconds(30));
        await third.Task.WaitAsync(TimeSpan.FromSeconds(10)); // it does look again when the token is due ...
        var t = times.ToArray();
        for (var i = 1; i < t.Length; i++) // ... and not before
            Assert.True(t[i] - t[i - 1] >= TimeSpan.FromMilliseconds(380), $"limited claim {i} came {(t[i] - t[i - 1]).TotalMilliseconds} ms after the one before");
    }

    [Fact]
    public async Task Without_limits_the_worker_skips_the_limited_claim_for_a_while()
    {
        var plainClaims = 0;
        var manyRounds = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Claimed += () => { if (Interlocked.Increment(ref plainClaims) == 10) manyRounds.TrySetResult(); };
        await StartAsync(poll: TimeSpan.FromMilliseconds(20), time: new FrozenTimestamps()); // polls the plain claim ~50 times a second
        await manyRounds.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Volatile.Read(ref _store.LimitedClaims)); // ten rounds, one limited claim: the skip holds
    }

    [Fact]
    public async Task A_limited_job_arriving_while_the_limited_claim_is_skipped_is_claimed_at_once()
    {
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Limited = _ =>
        {
            if (Volatile.Read(ref _store.LimitedClaims) == 2) second.TrySetResult();
            return LimitedClaim.None;
        };
        // Frozen timestamps: the skip never lapses by itself and the poll is 30 s, so only the wake-up can lead to a second claim.
        await StartAsync(poll: TimeSpan.FromSeconds(30), time: new FrozenTimestamps());
        await Eventually.True(() => Volatile.Read(ref _store.LimitedClaims) == 1, "one limited claim"); // nothing limited: skipped
        _store.LimitedWork = true; // a rate-limited job is enqueued
        _store.Signals.RaiseJobsAvailable("default");
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_held_job_that_finishes_elsewhere_is_cancelled_at_once_not_at_the_next_heartbeat()
    {
        var job = FakeStore.Job("gate");
        _store.Own(job);
        _store.Claims.Enqueue([job]);
        var extended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Extended += held => extended.TrySetResult();
        await StartAsync(poll: TimeSpan.FromMilliseconds(20), lease: TimeSpan.FromMinutes(5)); // heartbeat every 100 s
        await Eventually.True(() => _worker!.HeldCount == 1, "the job is held");

        _store.Disown(job.Id); // revoked elsewhere
        _store.Signals.RaiseJobsFinished([job.Id]);
        await extended.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => _worker!.HeldCount == 0, "the job is no longer held");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_worker is not null) await _worker.DisposeAsync();
    }
}
