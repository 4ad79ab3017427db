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
/// the store's signals, a timer for the next scheduled job, and a slow safety poll.
/// </summary>
internal sealed partial class JobWorker : IHostedService, IAsyncDisposable
{
    private readonly IJobStore _store;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly JobRunner _runner;
    private readonly BatchCompleter _completer;
    private readonly LeaseKeeper _leases;
    private readonly ConcurrentDictionary<Guid, HeldEntry> _held = new();
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

    public JobWorker(IJobStore store, JobsOptions jobs, WorkerOptions options, IServiceProvider services, ILoggerFactory loggers)
    {
        _store = store;
        _options = options;
        _time = jobs.TimeProvider;
        _log = loggers.CreateLogger<JobWorker>();
        Name = options.Name ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
        _queues = options.Queues.ToHashSet(StringComparer.Ordinal);
        _pollInterval = options.PollInterval ?? store.Capabilities.IdlePollInterval;
        _runner = new JobRunner(jobs, services.GetRequiredService<IServiceScopeFactory>(), Name, options.RetryJitter);
        _completer = new BatchCompleter(store, Name, _time, _log, OnWritten);
        _leases = new LeaseKeeper(store, Name, options.Lease, _held, _time, _log);
    }

    /// <summary>This worker's unique name, recorded in the <c>worker</c> column of the jobs it claims.</summary>
    public string Name { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _store.StartSignals();
        _store.Signals.JobsAvailable += OnJobsAvailable;
        _store.Signals.Reset += _wake.Set;
        _completer.Start(_giveUp.Token);
        _leases.Start(_giveUp.Token);
        _executors = Enumerable.Range(0, _options.Concurrency).Select(_ => Task.Run(ExecuteLoopAsync)).ToArray();
        _fetchLoop = Task.Run(() => FetchLoopAsync(_stopClaiming.Token));
        _log.LogInformation("Worker {Worker} started: queues {Queues}, concurrency {Concurrency}.", Name, string.Join(",", _queues), _options.Concurrency);
        return Task.CompletedTask;
    }

    private void OnJobsAvailable(string queue)
    {
        if (queue.Length == 0 || _queues.Contains(queue)) _wake.Set();
    }

    private async Task FetchLoopAsync(CancellationToken stop)
    {
        var queues = _queues.ToList();
        var threshold = Math.Max(1, _options.Concurrency / 2);
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
                var jobs = await _store.ClaimAsync(new ClaimRequest(Name, queues, free, _options.Lease), stop).ConfigureAwait(false);
                backoff.Reset();
                foreach (var job in jobs) Accept(job);
                if (jobs.Count >= free) continue;

                var wait = _pollInterval;
                var next = await _store.NextRunDelayAsync(queues, stop).ConfigureAwait(false);
                if (next is { } n && n < wait) wait = n;
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

    private void Accept(ClaimedJob job)
    {
        if (job.Expired)
        {
            _log.LogInformation("Job {Id} ({Task}) expired before it could run; revoked.", job.Id, job.Task);
            return;
        }
        var entry = new HeldEntry(job, _hardStop.Token);
        _held[job.Id] = entry;
        Interlocked.Increment(ref _reserved);
        _buffer.Writer.TryWrite(job);
    }

    private async Task ExecuteLoopAsync()
    {
        await foreach (var job in _buffer.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (!_held.TryGetValue(job.Id, out var entry)) continue; // lease lost while buffered
                if (_stopClaiming.IsCancellationRequested) { _toRelease.Add(entry); continue; }
                var outcome = await _runner.RunAsync(job, entry.Cancellation.Token).ConfigureAwait(false);
                if (outcome is not null)
                {
                    entry.Completing = true;
                    _completer.Add(outcome);
                }
                else if (_hardStop.IsCancellationRequested && _held.ContainsKey(job.Id))
                {
                    _toRelease.Add(entry);
                }
            }
            catch (Exception ex)
            {
                // JobRunner turns user exceptions into outcomes; reaching here is a bug, never a reason to stop the worker.
                _log.LogError(ex, "Worker {Worker} failed to run job {Id}; it will be rescued when its lease expires.", Name, job.Id);
            }
            finally
            {
                Interlocked.Decrement(ref _reserved);
                _slotFreed.Set();
            }
        }
    }

    private void OnWritten(IReadOnlyList<JobOutcome> outcomes)
    {
        foreach (var o in outcomes)
            if (_held.TryRemove(o.Id, out var entry)) entry.Dispose();
    }
}
