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

    private async Task StartAsync(TimeSpan poll, TimeSpan? lease = null)
    {
        var jobs = new JobsOptions();
        jobs.AddTask<JsonElement, int>("gate", async (_, ctx) => { await Task.Delay(Timeout.Infinite, ctx.CancellationToken); return 1; });
        var options = new WorkerOptions { PollInterval = poll, Lease = lease ?? TimeSpan.FromSeconds(30), ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) };
        _worker = new JobWorker(_store, jobs, options, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await _worker.StartAsync(default);
    }

    [Fact]
    public async Task A_worker_waiting_for_a_token_sleeps_until_it_arrives_instead_of_polling()
    {
        // Limits exist, nothing may start, and the next token is 400 ms away: the worker must not spin.
        _store.Limited = _ => new LimitedClaim([], LimitsFound: true, WakeIn: TimeSpan.FromMilliseconds(400), SlotsFull: false);
        await StartAsync(poll: TimeSpan.FromSeconds(30));
        await Task.Delay(1000);
        var claims = Volatile.Read(ref _store.LimitedClaims);
        Assert.InRange(claims, 2, 4); // at start, then about every 400 ms
    }

    [Fact]
    public async Task Without_limits_the_worker_skips_the_limited_claim_for_a_while()
    {
        await StartAsync(poll: TimeSpan.FromMilliseconds(20)); // polls the plain claim ~50 times a second
        await Task.Delay(500);
        Assert.Equal(1, Volatile.Read(ref _store.LimitedClaims));
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
        await WaitUntil(() => _worker!.HeldCount == 1);

        _store.Disown(job.Id); // revoked elsewhere
        _store.Signals.RaiseJobsFinished([job.Id]);
        await extended.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await WaitUntil(() => _worker!.HeldCount == 0);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(5)) Assert.Fail("condition not reached in 5 s");
            await Task.Delay(10);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_worker is not null) await _worker.DisposeAsync();
    }
}
