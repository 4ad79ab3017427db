using System.Collections.Concurrent;
using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// One worker (the <c>async</c> pool): a fetch loop claims batches into a buffer bounded by concurrency × prefetch,
/// executors run them, a batch completer records outcomes, and a lease keeper renews leases. Wake-ups come from
/// the store's signals, a timer for the next scheduled job, and a slow safety poll. Held attempts are keyed by
/// (id, attempt), so a job re-claimed here as a newer attempt never confuses the older one's bookkeeping.
/// </summary>
internal sealed partial class JobWorker : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly IJobStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly JobRunner _runner;
    private readonly BatchCompleter _completer;
    private readonly LeaseKeeper _leases;
    private readonly ConcurrentDictionary<HeldJob, HeldEntry> _held = new();
    private readonly Channel<ClaimedJob> _buffer = Channel.CreateUnbounded<ClaimedJob>();
    private readonly AsyncSignal _wake = new();
    private readonly AsyncSignal _slotFreed = new();
    private readonly CancellationTokenSource _stopClaiming = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly CancellationTokenSource _giveUp = new();
    private readonly ConcurrentBag<HeldEntry> _toRelease = [];
    private readonly HashSet<string> _queues;
    private readonly TimeSpan _pollInterval;
    private int _reserved;
    private Task? _fetchLoop;
    private Task[] _executors = [];

    private static readonly TimeSpan MinNextRunWait = TimeSpan.FromMilliseconds(10);

    public JobWorker(IJobStore store, JobsOptions jobs, WorkerOptions options, IServiceProvider services, ILoggerFactory loggers)
    {
        _store = store;
        _options = options;
        _time = jobs.TimeProvider;
        _log = loggers.CreateLogger<JobWorker>();
        Name = options.Name ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        _queues = options.Queues.ToHashSet(StringComparer.Ordinal);
        _pollInterval = options.PollInterval ?? store.Capabilities.IdlePollInterval;
        _runner = new JobRunner(jobs, services.GetRequiredService<IServiceScopeFactory>(), Name, options.RetryJitter,
            options.Limits, dedicatedThread: options.Pool == WorkerPool.Threads, _log, options.AttemptObserver);
        _completer = new BatchCompleter(store, Name, options.Lease, _time, _log, OnSettled);
        _leases = new LeaseKeeper(store, Name, options.Lease, _held, _time, _log);
    }

    /// <summary>This worker's unique name, recorded in the <c>worker</c> column of the jobs it claims.</summary>
    public string Name { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _store.StartSignals();
        _store.Signals.JobsAvailable += OnJobsAvailable;
        _store.Signals.Reset += _wake.Set;
        _store.Signals.JobsFinished += OnJobsFinished;
        _completer.Start(_giveUp.Token);
        _leases.Start(_giveUp.Token);
        _executors = Enumerable.Range(0, _options.Slots).Select(_ => Task.Run(ExecuteLoopAsync)).ToArray();
        _fetchLoop = Task.Run(() => FetchLoopAsync(_stopClaiming.Token));
        _log.LogInformation("Worker {Worker} started: queues {Queues}, pool {Pool}, concurrency {Concurrency}.", Name, string.Join(",", _queues), _options.Pool, _options.Slots);
        return Task.CompletedTask;
    }

    private void OnJobsAvailable(string queue)
    {
        if (queue.Length == 0 || _queues.Contains(queue)) _wake.Set();
    }

    private async Task FetchLoopAsync(CancellationToken stop)
    {
        var queues = _queues.ToList();
        var threshold = Math.Max(1, _options.Slots / 2);
        var backoff = new ErrorBackoff(_time);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var free = _options.MaxReserved - Volatile.Read(ref _reserved);
                if (free < threshold && Volatile.Read(ref _reserved) > 0)
                {
                    await _slotFreed.WaitAsync(_pollInterval, stop).ConfigureAwait(false);
                    continue;
                }
                var leaseFrom = _time.GetTimestamp();
                // Jobs under rate or concurrency limits first (they are paced by their limits, so they cannot crowd the rest out).
                var (claimed, limitedWake, limitedSkipped) = await ClaimLimitedAsync(queues, free, leaseFrom, stop).ConfigureAwait(false);
                if (claimed < free)
                {
                    var jobs = await _store.ClaimAsync(new ClaimRequest(Name, queues, free - claimed, _options.Lease), stop).ConfigureAwait(false);
                    Accept(jobs, leaseFrom);
                    claimed += jobs.Count;
                }
                backoff.Reset();
                if (claimed >= free) continue;
                if (limitedSkipped && await LimitedWorkAppearedAsync(queues, stop).ConfigureAwait(false)) continue;

                var wait = _pollInterval;
                if (limitedWake is { } lw && lw < wait) wait = lw < MinNextRunWait ? MinNextRunWait : lw;
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
        var ids = jobs.Select(j => j.Id).ToHashSet();
        foreach (var (key, old) in _held)
            if (ids.Contains(key.Id) && _held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(key, old)))
            {
                _log.LogWarning("Job {Id} was claimed again by worker {Worker}; cancelling its older attempt {Attempt}.", key.Id, Name, key.Attempt);
                old.CancelAndDispose();
            }
        foreach (var job in jobs)
        {
            if (job.Expired)
            {
                _log.LogInformation("Job {Id} ({Task}) expired before it could run; revoked.", job.Id, job.Task);
                continue;
            }
            var entry = new HeldEntry(job, _hardStop.Token, leaseFrom);
            if (!_held.TryAdd(entry.Key, entry)) { entry.Dispose(); continue; } // the same attempt twice: never from one claim
            Interlocked.Increment(ref _reserved);
            _buffer.Writer.TryWrite(job);
        }
    }

    private async Task ExecuteLoopAsync()
    {
        await foreach (var job in _buffer.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            var key = new HeldJob(job.Id, job.Attempt);
            try
            {
                if (!_held.TryGetValue(key, out var entry) || (entry.Token.IsCancellationRequested && !_hardStop.IsCancellationRequested))
                    continue; // lease lost while buffered
                if (_stopClaiming.IsCancellationRequested) { _toRelease.Add(entry); continue; }
                var outcome = await _runner.RunAsync(job, entry.Token).ConfigureAwait(false);
                if (outcome is not null)
                {
                    entry.Completing = true;
                    _completer.Add(outcome);
                }
                else if (_hardStop.IsCancellationRequested && _held.ContainsKey(key))
                {
                    _toRelease.Add(entry);
                }
                if (_options.AttemptObserver?.OnEnded(job, outcome) == true) _stopClaiming.Cancel(); // before the slot frees
            }
            catch (Exception ex)
            {
                // JobRunner turns user exceptions into outcomes; reaching here is a bug, never a reason to stop the worker.
                // Stop renewing the attempt so that its lease expires and the rescuer takes over.
                _log.LogError(ex, "Worker {Worker} failed to run job {Id}; it will be rescued when its lease expires.", Name, job.Id);
                Forget(key);
            }
            finally
            {
                Interlocked.Decrement(ref _reserved);
                _slotFreed.Set();
            }
        }
    }

    /// <summary>Lets go of the attempts whose outcomes were written, rejected or dropped (only those attempts: a newer attempt of the same job stays held).</summary>
    private void OnSettled(CompletionReport report)
    {
        foreach (var o in report.Settled) Forget(new HeldJob(o.Id, o.Attempt));
    }

    private void Forget(HeldJob key)
    {
        if (_held.TryRemove(key, out var entry)) entry.Dispose();
    }

    /// <summary>Attempts held now (for tests).</summary>
    internal int HeldCount => _held.Count;
}
