using Jobs.Monitoring;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The worker's side of monitoring: task events (received, started, succeeded, failed, retried, revoked) for the event
/// hub, figures for heartbeats and <c>inspect stats</c>, snapshots for <c>inspect active</c> and <c>reserved</c>, and
/// the run-time changes remote control asks for (pool grow/shrink, add/cancel consumer, revoke).
/// </summary>
internal sealed partial class JobWorker : IWorkerNode
{
    private readonly Lock _executorsGate = new();
    private readonly List<Task> _executors = [];
    private readonly bool _sendEvents;
    private volatile int _slots;
    private int _retire;
    private long _started;
    private long _succeeded, _failed, _retried;

    /// <summary>The host's options (tasks, signals).</summary>
    internal JobsOptions Jobs { get; }
    public IReadOnlyList<string> Queues => _queues.List;
    public string Pool => _options.Pool.ToString().ToLowerInvariant();
    /// <summary>Jobs run at once now (pool-grow and pool-shrink change it).</summary>
    public int Concurrency => _slots;
    public int PrefetchMultiplier => _options.PrefetchMultiplier;
    public bool SendsEvents => _sendEvents;
    private int MaxReserved => _slots * Math.Max(1, _options.PrefetchMultiplier);
    public TimeSpan Uptime => _time.GetElapsedTime(_started);
    public (long Succeeded, long Failed, long Retried) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _failed), Interlocked.Read(ref _retried));
    public IEnumerable<string> TaskNames => Jobs.Tasks.Names;

    /// <summary>Attempts running now.</summary>
    public Task<IReadOnlyList<RunningAttempt>> ActiveAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<RunningAttempt>>(
        _held.Values.Where(e => e.StartedAt is not null && !e.Completing).OrderBy(e => e.StartedAt).Select(Running).ToList());

    /// <summary>Attempts claimed and waiting for a slot.</summary>
    public IReadOnlyList<RunningAttempt> Reserved => _held.Values.Where(e => e.StartedAt is null).Select(Running).ToList();

    private static RunningAttempt Running(HeldEntry e) => new(e.Job.Id, e.Job.Task, e.Job.Queue, e.Job.Attempt, e.Job.ArgsJson, e.StartedAt);

    private bool TryRetire()
    {
        while (true)
        {
            var r = Volatile.Read(ref _retire);
            if (r <= 0) return false;
            if (Interlocked.CompareExchange(ref _retire, r - 1, r) == r) return true;
        }
    }

    /// <summary>Adds <paramref name="n"/> slots (executors); returns the new concurrency.</summary>
    public int Grow(int n)
    {
        if (_options.Pool == WorkerPool.Solo) throw new InvalidOperationException("the solo pool runs one job at a time; it cannot grow");
        lock (_executorsGate)
        {
            if (_stopClaiming.IsCancellationRequested) throw new InvalidOperationException("the worker is shutting down");
            _slots += n;
            // Executors about to retire stay instead; the rest are new.
            var pending = Math.Max(0, Interlocked.Exchange(ref _retire, 0));
            var kept = Math.Min(n, pending);
            if (pending > kept) Interlocked.Add(ref _retire, pending - kept);
            for (var i = kept; i < n; i++) _executors.Add(Task.Run(ExecuteLoopAsync));
            _log.LogInformation("Worker {Worker}: pool grown by {N} to {Concurrency}.", Name, n, _slots);
        }
        _wake.Set();
        return _slots;
    }

    /// <summary>Removes <paramref name="n"/> slots (never below one); executors retire as their jobs end. Returns the new concurrency.</summary>
    public int Shrink(int n)
    {
        lock (_executorsGate)
        {
            var by = Math.Min(n, _slots - 1);
            if (by <= 0) throw new InvalidOperationException($"the pool has {_slots} slot(s); it cannot shrink below one");
            _slots -= by;
            Interlocked.Add(ref _retire, by);
            // An executor retires at its next look at the buffer (before it takes a job), so at most _slots run from now on.
            _log.LogInformation("Worker {Worker}: pool shrunk by {N} to {Concurrency}.", Name, by, _slots);
            return _slots;
        }
    }

    /// <summary>Starts consuming <paramref name="queue"/>; false when it already did.</summary>
    public bool AddQueue(string queue)
    {
        var now = _queues;
        if (now.Set.Contains(queue)) return false;
        _queues = new QueueSet([.. now.List, queue]);
        _wake.Set();
        return true;
    }

    /// <summary>Stops consuming <paramref name="queue"/> (jobs of it already claimed still run); false when it did not consume it.</summary>
    public bool CancelQueue(string queue)
    {
        var now = _queues;
        if (!now.Set.Contains(queue)) return false;
        if (now.List.Count == 1) throw new InvalidOperationException($"'{queue}' is the worker's only queue; a worker needs at least one");
        _queues = new QueueSet(now.List.Where(q => q != queue));
        return true;
    }

    /// <summary>A revoke request: cancels the held attempts of these jobs now (their rows are REVOKED already). Returns their ids.</summary>
    public IReadOnlyList<Guid> CancelRevoked(IReadOnlyCollection<Guid> ids, bool terminate)
    {
        var cancelled = new List<Guid>();
        foreach (var (key, entry) in _held)
        {
            if (!ids.Contains(key.Id) || entry.Completing || !_held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(key, entry))) continue;
            var running = entry.StartedAt is not null;
            _log.LogInformation("Worker {Worker}: job {Id} ({Task}) was revoked; {Action}.", Name, key.Id, entry.Job.Task, running ? "cancelling it" : "dropping it");
            entry.CancelAndDispose();
            Revoked(entry.Job, terminated: running && terminate, expired: false);
            cancelled.Add(key.Id);
        }
        return cancelled;
    }

    private bool WantsEvents => _events?.Wants(_sendEvents) == true;

    /// <summary>
    /// Attempts whose lease the store no longer granted: those whose job is now REVOKED (a revoke that reached this worker
    /// through the store rather than remote control) are reported as task-revoked; the rest were rescued.
    /// </summary>
    private void OnLeasesLost(IReadOnlyList<HeldEntry> lost)
    {
        if (!WantsEvents && !Jobs.Signals.HasRevokedHandlers) return;
        _ = Task.Run(async () =>
        {
            try
            {
                var jobs = await _store.GetJobsAsync(lost.Select(e => e.Job.Id).Distinct().ToList(), _giveUp.Token).ConfigureAwait(false);
                var revoked = jobs.Where(j => j.State == JobState.Revoked).ToDictionary(j => j.Id);
                foreach (var e in lost)
                    if (revoked.TryGetValue(e.Job.Id, out var job))
                        Revoked(e.Job, terminated: job.TerminateRequested && e.StartedAt is not null, expired: false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _log.LogDebug(ex, "Worker {Worker} could not tell why it lost {Count} leases; no task-revoked events for them.", Name, lost.Count);
            }
            catch (OperationCanceledException) { }
        });
    }

    private void Received(ClaimedJob job)
    {
        if (!WantsEvents) return;
        _events!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskReceived, Timestamp = _time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = Name, Attempt = job.Attempt, Args = job.ArgsJson,
        }, _sendEvents);
    }

    private void Started(ClaimedJob job)
    {
        if (!WantsEvents) return;
        _events!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskStarted, Timestamp = _time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = Name, Attempt = job.Attempt, Pid = Environment.ProcessId,
        }, _sendEvents);
    }

    /// <summary>Outcomes the store recorded: counted, and reported as task-succeeded, task-failed or task-retried.</summary>
    private void Ended(IReadOnlyList<JobOutcome> written)
    {
        foreach (var o in written)
        {
            if (o.Kind == OutcomeKind.Success) Interlocked.Increment(ref _succeeded);
            else if (o.Kind == OutcomeKind.Retry) Interlocked.Increment(ref _retried);
            else Interlocked.Increment(ref _failed);
        }
        if (!WantsEvents) return;
        var now = _time.GetUtcNow();
        foreach (var o in written)
        {
            _held.TryGetValue(new HeldJob(o.Id, o.Attempt), out var entry);
            _events!.Publish(new JobEvent
            {
                Type = o.Kind switch { OutcomeKind.Success => JobEventTypes.TaskSucceeded, OutcomeKind.Retry => JobEventTypes.TaskRetried, _ => JobEventTypes.TaskFailed },
                Timestamp = now, JobId = o.Id, Task = entry?.Job.Task, Queue = entry?.Job.Queue, Worker = Name, Attempt = o.Attempt,
                Runtime = entry?.Runtime?.TotalSeconds, Result = o.ResultJson, Exception = o.Error, Traceback = o.Traceback,
                Eta = o.Kind == OutcomeKind.Retry ? now + o.RetryDelay : null,
            }, _sendEvents);
        }
    }

    private void Revoked(ClaimedJob job, bool terminated, bool expired)
    {
        if (JobsTelemetry.Revoked.Enabled) JobsTelemetry.Revoked.Add(1, new("task", job.Task), new("queue", job.Queue));
        Jobs.Signals.RaiseRevoked(new RevokedSignal(job.Id, job.Task, Name, terminated, expired), _log);
        if (!WantsEvents) return;
        _events!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskRevoked, Timestamp = _time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = Name, Attempt = job.Attempt, Terminated = terminated, Expired = expired,
        }, _sendEvents);
    }
}
