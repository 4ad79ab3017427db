using System.Threading.Channels;
using Jobs.Monitoring;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// One worker (the <c>async</c>, <c>threads</c> or <c>solo</c> pool). A job's path: the fetch loop claims a batch
/// (limited jobs first, <see cref="LimitedClaims"/>) into the ledger of held attempts (<see cref="HeldAttempts"/>) and a
/// buffer bounded by concurrency × prefetch; an executor (<see cref="ExecutorPool"/>) runs it; the batch completer
/// writes its outcome; the completer's report settles it in the ledger, which says what to count and publish
/// (<see cref="WorkerEvents"/>). Beside that path, the lease keeper renews leases and lets go of the lost ones, and
/// <see cref="LostLeaseCheck"/> tells revoked ones from rescued ones. Wake-ups come from the store's signals, a timer
/// for the next scheduled job, and a slow safety poll. Monitoring and remote control see it as an <see cref="IWorkerNode"/>.
/// </summary>
internal sealed class JobWorker : IHostedService, IAsyncDisposable, IDisposable, IWorkerNode
{
    private static readonly TimeSpan MinNextRunWait = TimeSpan.FromMilliseconds(10);

    private readonly IJobStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TimeSpan _pollInterval;
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly CancellationTokenSource _giveUp = new();
    private readonly HeldAttempts _held;
    private readonly Channel<HeldAttempt> _buffer = Channel.CreateUnbounded<HeldAttempt>();
    private readonly AsyncSignal _wake = new();
    private readonly AsyncSignal _slotFreed = new();
    private readonly JobRunner _runner;
    private readonly ExecutorPool _executors;
    private readonly BatchCompleter _completer;
    private readonly LeaseKeeper _leases;
    private readonly LimitedClaims _limited;
    private readonly WorkerEvents _events;
    private readonly BackgroundChecks _checks;
    private readonly LostLeaseCheck _lostLeases;
    private readonly Lock _stopGate = new();
    private readonly ConsumedQueues _queues;
    private Task? _fetchLoop;
    private Task? _stopping;
    private long _started;
    private int _disposed;

    public JobWorker(IJobStore store, JobsOptions jobs, WorkerOptions options, IServiceProvider services, ILoggerFactory loggers,
        JobEventHub? events = null)
    {
        _store = store;
        _options = options;
        _time = jobs.TimeProvider;
        _log = loggers.CreateLogger<JobWorker>();
        Name = options.Name ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        Jobs = jobs;
        _queues = new ConsumedQueues(options.Queues);
        _pollInterval = options.PollInterval ?? store.Capabilities.IdlePollInterval;
        _held = new HeldAttempts(_hardStop.Token, _time);
        _events = new WorkerEvents(Name, events, options.SendEvents, jobs.Signals, _time, _log);
        _runner = new JobRunner(jobs, services.GetRequiredService<IServiceScopeFactory>(), Name, options.RetryJitter,
            options.Limits, dedicatedThread: options.Pool == WorkerPool.Threads, _log, options.AttemptObserver);
        _executors = new ExecutorPool(options.Slots, solo: options.Pool == WorkerPool.Solo, _buffer.Reader, RunAttemptAsync, _stopClaiming.Token, Name, _log);
        _completer = new BatchCompleter(store, Name, options.Lease, _time, _log, report => _events.Ended(_held.Settle(report)));
        _limited = new LimitedClaims(store, Name, options.Lease, _time);
        _checks = new BackgroundChecks(_giveUp.Token, Name, _log);
        _leases = new LeaseKeeper(store, Name, options.Lease, _held, _time, _log);
        _lostLeases = new LostLeaseCheck(_held, _leases, store, _events, _checks, Name, _log);
        _leases.LeasesLost += _lostLeases.OnLost;
    }

    /// <summary>This worker's unique name, recorded in the <c>worker</c> column of the jobs it claims.</summary>
    public string Name { get; }
    /// <summary>The host's options (tasks, signals).</summary>
    internal JobsOptions Jobs { get; }
    /// <summary>Attempts held now (for tests).</summary>
    internal int HeldCount => _held.Count;

    public IReadOnlyList<string> Queues => _queues.List;
    public string Pool => _options.Pool.ToString().ToLowerInvariant();
    /// <summary>Jobs run at once now (pool-grow and pool-shrink change it).</summary>
    public int Concurrency => _executors.Slots;
    public int PrefetchMultiplier => _options.PrefetchMultiplier;
    public bool SendsEvents => _events.Sends;
    public TimeSpan Uptime => _time.GetElapsedTime(_started);
    public (long Succeeded, long Failed, long Retried) Outcomes => _events.Outcomes;
    public IEnumerable<string> TaskNames => Jobs.Tasks.Names;
    private int MaxReserved => _executors.Slots * Math.Max(1, _options.PrefetchMultiplier);

    /// <summary>Starts the pool and the consumer at once (the host starts them as two components: <see cref="StartPool"/>, <see cref="StartConsumer"/>).</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartPool();
        StartConsumer();
        return Task.CompletedTask;
    }

    /// <summary>The pool component: executors, the batch completer and the lease keeper.</summary>
    public void StartPool()
    {
        _started = _time.GetTimestamp();
        _completer.Start(_giveUp.Token);
        _leases.Start(_giveUp.Token);
        _executors.Start();
    }

    /// <summary>The consumer component: signals and the fetch loop.</summary>
    public void StartConsumer()
    {
        _store.StartSignals();
        _store.Signals.JobsAvailable += OnJobsAvailable;
        _store.Signals.Reset += _wake.Set;
        _store.Signals.JobsFinished += OnJobsFinished;
        _fetchLoop = Task.Run(() => FetchLoopAsync(_stopClaiming.Token));
        _log.LogInformation("Worker {Worker} started: queues {Queues}, pool {Pool}, concurrency {Concurrency}.", Name, string.Join(",", _queues.List), _options.Pool, Concurrency);
    }

    private void OnJobsAvailable(string queue)
    {
        if (queue.Length == 0 || _queues.Contains(queue)) _wake.Set();
    }

    /// <summary>Jobs finished somewhere: a full concurrency limit may have room now, and a job held here may have been revoked.</summary>
    private void OnJobsFinished(IReadOnlyList<Guid> ids)
    {
        if (_limited.WaitsForFinish) _wake.Set();
        _lostLeases.OnJobsFinished(ids);
    }

    private async Task FetchLoopAsync(CancellationToken stop)
    {
        var backoff = new ErrorBackoff(_time);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var queues = _queues.List;
                var threshold = Math.Max(1, Concurrency / 2);
                var free = MaxReserved - _held.Reservations;
                if (free < threshold && _held.Reservations > 0)
                {
                    await _slotFreed.WaitAsync(_pollInterval, stop).ConfigureAwait(false);
                    continue;
                }
                var leaseFrom = _time.GetTimestamp();
                // Jobs under rate or concurrency limits first (they are paced by their limits, so they cannot crowd the rest out).
                var limited = await _limited.ClaimAsync(queues, Math.Min(free, Concurrency - _held.Reservations), stop).ConfigureAwait(false);
                Accept(limited.Jobs, leaseFrom);
                var claimed = limited.Jobs.Count;
                if (claimed < free)
                {
                    var jobs = await _store.ClaimAsync(new ClaimRequest(Name, queues, free - claimed, _options.Lease), stop).ConfigureAwait(false);
                    Accept(jobs, leaseFrom);
                    claimed += jobs.Count;
                }
                backoff.Reset();
                if (claimed >= free) continue;
                if (limited.Skipped && await _limited.AppearedAsync(queues, stop).ConfigureAwait(false)) continue;

                var wait = _pollInterval;
                if (limited.WakeIn is { } lw && lw < wait) wait = lw < MinNextRunWait ? MinNextRunWait : lw;
                var next = await _store.NextRunDelayAsync(queues, stop).ConfigureAwait(false);
                // A due job left unclaimed (locked by another claimer this instant) gives 0: wait a moment, do not spin.
                if (next is { } n && n < wait) wait = n < MinNextRunWait ? MinNextRunWait : n;
                await _wake.WaitAsync(wait, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Worker {Worker} could not claim jobs; retrying.", Name);
                try { await backoff.DelayAsync(stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    private void Accept(IReadOnlyList<ClaimedJob> jobs, long leaseFrom)
    {
        if (jobs.Count == 0) return;
        // A job claimed again while an older attempt of it is held here (rescued or retried meanwhile): that attempt lost it.
        foreach (var old in _held.Supersede(jobs.Select(j => j.Id)))
            _log.LogWarning("Job {Id} was claimed again by worker {Worker}; cancelling its older attempt {Attempt}.", old.Job.Id, Name, old.Job.Attempt);
        foreach (var job in jobs)
        {
            if (job.Expired)
            {
                _log.LogInformation("Job {Id} ({Task}) expired before it could run; revoked.", job.Id, job.Task);
                _events.Revoked(job, terminated: false, expired: true);
                continue;
            }
            if (_held.Add(job, leaseFrom) is not { } attempt) continue; // the same attempt twice: never from one claim
            _events.Received(job);
            _buffer.Writer.TryWrite(attempt);
        }
    }

    /// <summary>An executor's turn with one attempt taken from the buffer. Never throws.</summary>
    private async Task RunAttemptAsync(HeldAttempt attempt)
    {
        var job = attempt.Job;
        try
        {
            // Stopping: the attempt stays buffered and is released. Lost while buffered: nothing to do.
            if (_stopClaiming.IsCancellationRequested || !_held.Start(attempt)) return;
            _events.Started(job);
            var outcome = await _runner.RunAsync(job, attempt.Token).ConfigureAwait(false);
            if (outcome is not null)
            {
                _held.Complete(attempt); // false when lost meanwhile: the outcome is written all the same, the store's ownership guard decides
                _completer.Add(outcome);
            }
            // No outcome: the worker gave the attempt up (lost, or cancelled past the grace period: then it is released).
            if (_options.AttemptObserver?.OnEnded(job, outcome) == true) _stopClaiming.Cancel(); // before the slot frees
        }
        catch (Exception ex)
        {
            // JobRunner turns user exceptions into outcomes; reaching here is a bug, never a reason to stop the worker.
            // Stop renewing the attempt so that its lease expires and the rescuer takes over.
            _log.LogError(ex, "Worker {Worker} failed to run job {Id}; it will be rescued when its lease expires.", Name, job.Id);
            _held.Abandon(attempt);
        }
        finally
        {
            _held.Unreserve(attempt);
            _slotFreed.Set();
        }
    }

    /// <summary>Attempts running now.</summary>
    public Task<IReadOnlyList<RunningAttempt>> ActiveAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<RunningAttempt>>(
        _held.InState(AttemptState.Running).OrderBy(a => a.StartedAt).Select(Snapshot).ToList());

    /// <summary>Attempts claimed and waiting for a slot.</summary>
    public IReadOnlyList<RunningAttempt> Reserved => _held.InState(AttemptState.Buffered).Select(Snapshot).ToList();

    private static RunningAttempt Snapshot(HeldAttempt a) => new(a.Job.Id, a.Job.Task, a.Job.Queue, a.Job.Attempt, a.Job.ArgsJson ?? "null", a.StartedAt);

    /// <summary>Adds <paramref name="n"/> slots (executors); returns the new concurrency.</summary>
    public int Grow(int n)
    {
        var slots = _executors.Grow(n);
        _wake.Set();
        return slots;
    }

    /// <summary>Removes <paramref name="n"/> slots (never below one); executors retire as their jobs end. Returns the new concurrency.</summary>
    public int Shrink(int n) => _executors.Shrink(n);

    /// <summary>Starts consuming <paramref name="queue"/>; false when it already did.</summary>
    public bool AddQueue(string queue)
    {
        if (!_queues.Add(queue)) return false;
        _wake.Set();
        return true;
    }

    /// <summary>Stops consuming <paramref name="queue"/> (jobs of it already claimed still run); false when it did not consume it.</summary>
    public bool CancelQueue(string queue) => _queues.Remove(queue);

    /// <summary>A revoke request: cancels the buffered and running attempts of these jobs now (their rows are REVOKED already). Returns their ids.</summary>
    public IReadOnlyList<Guid> CancelRevoked(IReadOnlyCollection<Guid> ids, bool terminate)
    {
        var cancelled = new List<Guid>();
        foreach (var attempt in _held.Revoke(ids))
        {
            var running = attempt.StartedAt is not null;
            _log.LogInformation("Worker {Worker}: job {Id} ({Task}) was revoked; {Action}.", Name, attempt.Job.Id, attempt.Job.Task, running ? "cancelling it" : "dropping it");
            _events.Revoked(attempt.Job, terminated: running && terminate, expired: false);
            cancelled.Add(attempt.Job.Id);
        }
        return cancelled;
    }

    /// <summary>A limit changed (remote control): look at limited work again now.</summary>
    public void RecheckLimits()
    {
        _limited.RecheckNow();
        _wake.Set();
    }

    /// <summary>
    /// Graceful shutdown: stop claiming; release buffered jobs; let running jobs finish within the grace period,
    /// then cancel them and release them (the attempt does not count); write pending outcomes. Releasing runs even
    /// when writing outcomes fails. Repeated calls share one shutdown.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_fetchLoop is null) return Task.CompletedTask;
        lock (_stopGate) return _stopping ??= StopCoreAsync(cancellationToken);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _stopClaiming.Cancel();
        await _fetchLoop!.ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        while (_buffer.Reader.TryRead(out var buffered)) _held.Unreserve(buffered); // still Buffered: released below

        var executors = _executors.Completion;
        if (!await FinishedWithin(executors, _options.ShutdownGracePeriod, cancellationToken).ConfigureAwait(false))
        {
            _log.LogWarning("Worker {Worker}: jobs still running after the {Grace} grace period are cancelled and released.", Name, _options.ShutdownGracePeriod);
            _hardStop.Cancel();
            await FinishedWithin(executors, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            using (cancellationToken.Register(_giveUp.Cancel))
                await _completer.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Worker {Worker}: writing the last job outcomes failed; those jobs will be rescued when their leases expire.", Name);
        }

        await ReleaseUnfinishedAsync().ConfigureAwait(false);
        _giveUp.Cancel();
        await _leases.Completion.ConfigureAwait(false);
        await _checks.StopAsync().ConfigureAwait(false);
        _held.AbandonAll();
        _store.Signals.JobsAvailable -= OnJobsAvailable;
        _store.Signals.Reset -= _wake.Set;
        _store.Signals.JobsFinished -= OnJobsFinished;
        _log.LogInformation("Worker {Worker} stopped.", Name);
    }

    /// <summary>Whatever is still held without an outcome (buffered, cancelled at stop, or stuck ignoring cancellation) goes back to the queue.</summary>
    private async Task ReleaseUnfinishedAsync()
    {
        var release = _held.ReleaseUnfinished();
        if (release.Count == 0) return;
        try
        {
            var n = await _store.ReleaseAsync(Name, release.Select(a => a.Key).ToList(), CancellationToken.None).ConfigureAwait(false);
            _log.LogInformation("Worker {Worker} released {Count} unfinished jobs back to their queues.", Name, n);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Worker {Worker} could not release {Count} jobs; they will be rescued when their leases expire.", Name, release.Count);
        }
    }

    private async Task<bool> FinishedWithin(Task task, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await task.WaitAsync(timeout, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) { return false; }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _held.AbandonAll();
        _stopClaiming.Dispose(); _hardStop.Dispose(); _giveUp.Dispose();
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same shutdown, waited for.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
