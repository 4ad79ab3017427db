using System.Collections.Concurrent;
using System.Text.Json;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The worker over an in-memory store: attempts keyed by (id, attempt), local lease lapse, and a stop that always releases.</summary>
public sealed class JobWorkerTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly FakeStore _store = new();
    private readonly ConcurrentDictionary<(string, int), TaskCompletionSource> _gates = new();
    private JobWorker? _worker;

    private TaskCompletionSource Gate(string name, int attempt)
        => _gates.GetOrAdd((name, attempt), _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task<JobWorker> StartAsync(TimeSpan lease)
    {
        var jobs = new JobsOptions();
        jobs.AddTask<JsonElement, int>("quick", (_, _) => Task.FromResult(1));
        // "gate" waits for its release or cancellation; "stubborn" also returns a result when cancelled.
        foreach (var task in new[] { "gate", "stubborn" })
            jobs.AddTask<JsonElement, int>(task, async (_, ctx) =>
            {
                Gate("started", ctx.Attempt).TrySetResult();
                try { await Gate("release", ctx.Attempt).Task.WaitAsync(ctx.CancellationToken); }
                catch (OperationCanceledException)
                {
                    Gate("cancelled", ctx.Attempt).TrySetResult();
                    if (task == "gate") throw;
                }
                return ctx.Attempt;
            });
        var options = new WorkerOptions { Lease = lease, PollInterval = TimeSpan.FromMilliseconds(10), ShutdownGracePeriod = TimeSpan.FromMilliseconds(100) };
        _worker = new JobWorker(_store, jobs, options, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await _worker.StartAsync(default);
        return _worker;
    }

    [Fact]
    public async Task A_job_claimed_again_cancels_its_older_attempt_whose_late_outcome_leaves_the_newer_one_held()
    {
        var id = Guid.CreateVersion7();
        var older = FakeStore.Job("stubborn", id, attempt: 1);
        var newer = FakeStore.Job("gate", id, attempt: 2);
        var olderSettled = 0;
        var renewedAfter = 0;
        var renewedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Finished += (outcomes, threw) => { if (!threw && outcomes.Any(o => o.Id == id && o.Attempt == 1)) Volatile.Write(ref olderSettled, 1); };
        _store.Extended += held =>
        {
            if (Volatile.Read(ref olderSettled) == 1 && held.Contains(new HeldJob(id, 2)) && Interlocked.Increment(ref renewedAfter) == 2)
                renewedTwice.TrySetResult();
        };
        _store.Claims.Enqueue([older]);
        var worker = await StartAsync(TimeSpan.FromMilliseconds(300));
        await Gate("started", 1).Task.WaitAsync(Wait);

        _store.Claims.Enqueue([newer]); // rescued elsewhere meanwhile; this worker claims attempt 2
        await Gate("started", 2).Task.WaitAsync(Wait);
        await Gate("cancelled", 1).Task.WaitAsync(Wait);
        await renewedTwice.Task.WaitAsync(Wait); // attempt 1's outcome was rejected, attempt 2 is still renewed
        Assert.False(Gate("cancelled", 2).Task.IsCompleted);

        Gate("release", 2).SetResult();
        await worker.StopAsync(default);
        Assert.Equal(2, _store.Stored[id].Attempt);
        Assert.DoesNotContain(_store.Released.SelectMany(r => r), k => k.Id == id); // both attempts were settled, none left to release
        Assert.Equal(0, worker.HeldCount);
    }

    [Fact]
    public async Task A_running_job_is_cancelled_once_its_lease_cannot_have_been_renewed_for_a_whole_lease()
    {
        var lease = TimeSpan.FromSeconds(1);
        _store.Down = true; // a partition: every renewal fails
        _store.Claims.Enqueue([FakeStore.Job("gate")]);
        var before = TimeProvider.System.GetTimestamp();
        var worker = await StartAsync(lease);
        await Gate("started", 1).Task.WaitAsync(Wait);

        await Gate("cancelled", 1).Task.WaitAsync(Wait);
        Assert.True(TimeProvider.System.GetElapsedTime(before) >= lease);
        // The handler saw its cancellation before the worker forgot the attempt (after the handler returned).
        await Eventually.True(() => worker.HeldCount == 0, "the cancelled attempt is no longer held");
    }

    [Fact]
    public async Task A_running_job_whose_lease_is_renewed_runs_past_its_lease()
    {
        var job = FakeStore.Job("gate");
        var renewals = 0;
        var pastLease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Extended += held => { if (held.Contains(new HeldJob(job.Id, 1)) && Interlocked.Increment(ref renewals) == 5) pastLease.TrySetResult(); };
        _store.Claims.Enqueue([job]);
        // A 2 s lease: the worker gives a job up when no renewal succeeded for a whole lease, which a starved
        // machine can make happen at 1 s even though every renewal succeeds.
        await StartAsync(TimeSpan.FromSeconds(2));
        await pastLease.Task.WaitAsync(Wait); // five renewals a third of a lease apart: well past the first lease

        Assert.False(Gate("cancelled", 1).Task.IsCompleted);
        Gate("release", 1).SetResult();
        await _worker!.StopAsync(default);
        Assert.Equal(OutcomeKind.Success, _store.Stored[job.Id].Kind);
    }

    [Fact]
    public async Task Stopping_releases_running_jobs_even_when_outcomes_cannot_be_written()
    {
        var quick = FakeStore.Job("quick");
        var blocked = FakeStore.Job("gate");
        var finishFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Finished += (_, threw) => { if (threw) finishFailed.TrySetResult(); };
        _store.Down = true;
        _store.Claims.Enqueue([quick, blocked]);
        var worker = await StartAsync(TimeSpan.FromSeconds(30));
        await Gate("started", 1).Task.WaitAsync(Wait);
        await finishFailed.Task.WaitAsync(Wait);

        await worker.StopAsync(new CancellationToken(canceled: true)).WaitAsync(Wait); // give up at once

        Assert.True(Gate("cancelled", 1).Task.IsCompleted);
        var released = Assert.Single(_store.Released);
        Assert.Equal([new HeldJob(blocked.Id, 1)], released); // the finished one waits for rescue, not released
        Assert.Equal(0, worker.HeldCount);
    }

    [Fact]
    public async Task A_started_worker_can_be_disposed_synchronously()
    {
        var job = FakeStore.Job("gate");
        _store.Claims.Enqueue([job]);
        var worker = await StartAsync(TimeSpan.FromSeconds(30));
        await Gate("started", 1).Task.WaitAsync(Wait);

        Assert.Null(Record.Exception(worker.Dispose));
        Assert.True(Gate("cancelled", 1).Task.IsCompleted);
        Assert.Equal([new HeldJob(job.Id, 1)], Assert.Single(_store.Released));
        worker.Dispose(); // twice is fine
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var gate in _gates.Values) gate.TrySetResult();
        if (_worker is not null) await _worker.DisposeAsync();
    }
}
