using System.Collections.Concurrent;
using System.Threading.Channels;
using Jobs.Monitoring;
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
    private readonly TimeSpan _pollInterval;
    private readonly JobEventHub? _events;
    private volatile QueueSet _queues;
    private int _reserved;
    private Task? _fetchLoop;

    private static readonly TimeSpan MinNextRunWait = TimeSpan.FromMilliseconds(10);

    public JobWorker(IJobStore store, JobsOptions jobs, WorkerOptions options, IServiceProvider services, ILoggerFactory loggers,
        JobEventHub? events = null)
    {
        _store = store;
        _options = options;
        _time = jobs.TimeProvider;
        _log = loggers.CreateLogger<JobWorker>();
        Name = options.Name ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        _queues = new QueueSet(options.Queues);
        _slots = options.Slots;
        _pollInterval = options.PollInterval ?? store.Capabilities.IdlePollInterval;
        _events = events;
        _sendEvents = options.SendEvents;
        Jobs = jobs;
        _runner = new JobRunner(jobs, services.GetRequiredService<IServiceScopeFactory>(), Name, options.RetryJitter,
            options.Limits, dedicatedThread: options.Pool == WorkerPool.Threads, _log, options.AttemptObserver);
        _completer = new BatchCompleter(store, Name, options.Lease, _time, _log, OnSettled);
        _leases = new LeaseKeeper(store, Name, options.Lease, _held, _time, _log, OnLeasesLost);
    }

    /// <summary>This worker's unique name, recorded in the <c>worker</c> column of the jobs it claims.</summary>
    public string Name { get; }

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
        lock (_executorsGate)
            for (var i = 0; i < _slots; i++) _executors.Add(Task.Run(ExecuteLoopAsync));
    }

    /// <summary>The consumer component: signals and the fetch loop.</summary>
    public void StartConsumer()
    {
        _store.StartSignals();
        _store.Signals.JobsAvailable += OnJobsAvailable;
        _store.Signals.Reset += _wake.Set;
        _store.Signals.JobsFinished += OnJobsFinished;
        _fetchLoop = Task.Run(() => FetchLoopAsync(_stopClaiming.Token));
        _log.LogInformation("Worker {Worker} started: queues {Queues}, pool {Pool}, concurrency {Concurrency}.", Name, string.Join(",", _queues.List), _options.Pool, _slots);
    }

    private void OnJobsAvailable(string queue)
    {
        if (queue.Length == 0 || _queues.Set.Contains(queue)) _wake.Set();
    }

    private async Task FetchLoopAsync(CancellationToken stop)
    {
        var backoff = new ErrorBackoff(_time);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var queues = _queues.List;
                var threshold = Math.Max(1, _slots / 2);
                var free = MaxReserved - Volatile.Read(ref _reserved);
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
                Revoked(job, terminated: false, expired: true);
                continue;
            }
            var entry = new HeldEntry(job, _hardStop.Token, leaseFrom);
            if (!_held.TryAdd(entry.Key, entry)) { entry.Dispose(); continue; } // the same attempt twice: never from one claim
            Interlocked.Increment(ref _reserved);
            Received(job);
            _buffer.Writer.TryWrite(job);
        }
    }

    private async Task ExecuteLoopAsync()
    {
        var reader = _buffer.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (TryRetire()) return; // the pool shrank
            if (!reader.TryRead(out var job)) continue;
            var key = new HeldJob(job.Id, job.Attempt);
            try
            {
                if (!_held.TryGetValue(key, out var entry) || (entry.Token.IsCancellationRequested && !_hardStop.IsCancellationRequested))
                    continue; // lease lost while buffered
                if (_stopClaiming.IsCancellationRequested) { _toRelease.Add(entry); continue; }
                entry.MarkStarted(_time);
                Started(job);
                var outcome = await _runner.RunAsync(job, entry.Token).ConfigureAwait(false);
                entry.MarkEnded(_time);
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
        Ended(report.Written);
        foreach (var o in report.Settled) Forget(new HeldJob(o.Id, o.Attempt));
    }

    private void Forget(HeldJob key)
    {
        if (_held.TryRemove(key, out var entry)) entry.Dispose();
    }

    /// <summary>Attempts held now (for tests).</summary>
    internal int HeldCount => _held.Count;

    /// <summary>The queues consumed now, as a list and a set (replaced whole when add-consumer or cancel-consumer changes them).</summary>
    private sealed class QueueSet(IEnumerable<string> queues)
    {
        public IReadOnlyList<string> List { get; } = queues.Distinct(StringComparer.Ordinal).ToList();
        public HashSet<string> Set { get; } = queues.ToHashSet(StringComparer.Ordinal);
    }
}
