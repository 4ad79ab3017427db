using System.Threading.Channels;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// The process pool's supervisor (Celery's prefork pool): keeps one child process per slot running, each an ordinary
/// one-slot worker that claims from the database itself. It replaces children that recycle themselves or die, at once
/// (with a growing backoff for a slot whose children die before they are ready; when every slot keeps failing, the pool
/// gives up). When a child dies holding an attempt, the attempt is rescued now rather than when its lease expires. A
/// child whose job passes its hard time limit (plus a short grace for the child's own FAILURE write) is killed, the
/// FAILURE recorded unless the child did, and the child replaced: an abandoned job's code cannot keep running. On stop,
/// every child is asked to stop gracefully (its stdin is closed), and those still running after the grace period are killed.
/// A child whose job is revoked with terminate is killed too (checked every half second while children run jobs, and at
/// once when the store signals that jobs finished). Remote control may change the number of slots (pool-grow/shrink: new
/// slots start children, removed ones stop theirs gracefully) and the queues (children started with the old ones are
/// replaced gracefully). One loop owns all state; children, signals, timers and remote control only feed it events.
/// </summary>
internal sealed partial class PoolSupervisor
{
    /// <summary>Children in a row of one slot that may die before they are ready; when every slot reaches it, the pool gives up.</summary>
    private const int MaxStartFailures = 3;
    /// <summary>Past a job's hard limit, how long its child may take to record the FAILURE itself before it is killed.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RepeatedStop = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TerminateCheckInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan TerminateCheckSoon = TimeSpan.FromMilliseconds(100);

    private readonly ChildLauncher _launcher;
    private readonly OrphanedAttempts _orphans;
    private readonly TerminateRequests _terminates;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<PoolEvent> _events = Channel.CreateUnbounded<PoolEvent>();
    private readonly List<ChildProcess?> _children;
    private readonly Dictionary<ChildProcess, long> _stoppingSince = [];
    private readonly List<int> _startFailures;
    private readonly List<long?> _restartAt;
    /// <summary>Slots in use: slots at or past it are retired (their children stop and are not replaced).</summary>
    private int _slots;
    private int _desiredSlots;
    private volatile ChildJob[] _running = [];
    private long _succeeded, _failed, _retried;
    private readonly List<Task> _databaseWork = [];
    private readonly CancellationTokenSource _giveUp = new();
    private int _stopRequests;
    private long? _stopDeadline;
    private long _stopBegan;
    private Task _terminateCheck = Task.CompletedTask;
    private long _lastTerminateCheck;
    private bool _terminateCheckSoon;
    private string? _fatal;
    private int _fatalExitCode;

    public PoolSupervisor(PoolSettings settings, ChildLauncher launcher, OrphanedAttempts orphans, TerminateRequests terminates, TimeProvider time, ILogger log)
    {
        _launcher = launcher;
        _orphans = orphans;
        _terminates = terminates;
        _time = time;
        _log = log;
        _slots = _desiredSlots = settings.Concurrency;
        _children = [.. new ChildProcess?[_slots]];
        _startFailures = [.. new int[_slots]];
        _restartAt = [.. new long?[_slots]];
        Started = time.GetTimestamp();
    }

    /// <summary>When the pool started (for its uptime).</summary>
    public long Started { get; }

    private TimeSpan GracePeriod => PoolSettings.ChildGracePeriod + StopMargin;

    /// <summary>Graceful stop (SIGTERM, Ctrl+C); another request a second or more later kills the children at once. Safe from any thread.</summary>
    public void RequestStop()
    {
        Interlocked.Increment(ref _stopRequests);
        _events.Writer.TryWrite(new PoolEvent.Wake());
    }

    /// <summary>The store's signal that jobs finished (a revoke among them, perhaps). Safe from any thread.</summary>
    public void OnJobsFinished(IReadOnlyList<Guid> ids) => _events.Writer.TryWrite(new PoolEvent.JobsFinished(ids));

    /// <summary>The store's signal that signals may have been missed (SQLite: the file changed). Safe from any thread.</summary>
    public void OnSignalsReset() => _events.Writer.TryWrite(new PoolEvent.JobsFinished([]));

    /// <summary>Runs the pool until it is stopped; <paramref name="onReady"/> runs once every child is up. Returns the exit code.</summary>
    public async Task<int> RunAsync(Action onReady)
    {
        for (var slot = 0; slot < _children.Count; slot++) Launch(slot);
        var announced = false;
        var stopsSeen = 0;
        while (true)
        {
            var stops = Volatile.Read(ref _stopRequests);
            if (stops > stopsSeen)
            {
                stopsSeen = stops;
                if (_stopDeadline is null) BeginStop();
                // The same stop often arrives twice at once (a signal to the process and to its group, as timeout(1) sends it).
                else if (_time.GetElapsedTime(_stopBegan) >= RepeatedStop) KillAll(KillReason.Shutdown, "a second stop request");
            }
            if (_stopDeadline is not null && _children.All(c => c is null)) break;
            if (_stopDeadline is { } d && _time.GetTimestamp() >= d) KillAll(KillReason.Shutdown, $"the {GracePeriod.TotalSeconds:0}s shutdown timeout");
            KillOverdue();
            CheckTerminateRequests();
            Resize();
            ReplaceForNewQueues();
            RestartDue();
            _running = [.. _children.Select(c => c?.Current).OfType<ChildJob>()];
            if (!announced && _stopDeadline is null && _children.Take(_slots).All(c => c is { Ready: true }))
            {
                announced = true;
                onReady();
            }
            await WaitForEventsAsync(NextWake()).ConfigureAwait(false);
            while (_events.Reader.TryRead(out var e)) Handle(e);
        }
        await FinishDatabaseWorkAsync().ConfigureAwait(false);
        _events.Writer.TryComplete();
        if (_fatal is not null) throw new CliException(_fatal, _fatalExitCode);
        return ExitCodes.Success;
    }

    private void Launch(int slot)
    {
        _restartAt[slot] = null;
        try
        {
            var version = _launcher.QueuesVersion;
            var child = ChildProcess.Start(slot, _launcher.StartInfo(slot), pid => _launcher.WorkerName(slot, pid), _events.Writer);
            child.QueuesVersion = version;
            _children[slot] = child;
            _log.LogDebug("Started child {Pid} ({Worker}).", child.Pid, child.Worker);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _log.LogError(ex, "Could not start a child process.");
            StartFailed(slot, ExitCodes.Unexpected, $"could not start a child process: {ex.Message}");
        }
    }

    private void Handle(PoolEvent e)
    {
        switch (e)
        {
            case PoolEvent.JobsFinished f:
                // Empty: signals were reset, anything may have happened.
                if (f.Ids.Count == 0 || _children.Any(c => c?.Current is { } job && f.Ids.Contains(job.Id))) _terminateCheckSoon = true;
                return;
            case PoolEvent.Terminate t:
                Terminate(t.Attempts);
                return;
            case ChildEvent c:
                Handle(c);
                return;
        }
    }

    private void Handle(ChildEvent e)
    {
        var child = e.Child;
        switch (e)
        {
            case ChildEvent.Message { Body: ChildMessage.Ready r }:
                child.Ready = true;
                child.Worker = r.Worker;
                _startFailures[child.Slot] = 0;
                _log.LogDebug("Child {Pid} ({Worker}) is ready.", child.Pid, child.Worker);
                if (_stopDeadline is not null) child.RequestStop(); // started while the pool was stopping
                break;
            case ChildEvent.Message { Body: ChildMessage.Started s }:
                child.OnStarted(new ChildJob(s.Id, s.Attempt, s.HardLimit, _time.GetTimestamp()));
                break;
            case ChildEvent.Message { Body: ChildMessage.Finished f }:
                if (child.Current?.Id == f.Id && child.Current.Attempt == f.Attempt) child.Current = null;
                if (f.Outcome == JobState.Success) Interlocked.Increment(ref _succeeded);
                else if (f.Outcome == JobState.Failure) Interlocked.Increment(ref _failed);
                else if (f.Outcome == JobState.Retry) Interlocked.Increment(ref _retried);
                break;
            case ChildEvent.Message { Body: ChildMessage.Recycling r }:
                child.RecycleReason = r.Reason;
                _stoppingSince.TryAdd(child, _time.GetTimestamp());
                _log.LogInformation("Child {Pid} recycled {Reason}.", child.Pid, r.Reason);
                break;
            case ChildEvent.Exited x:
                OnExited(child, x.ExitCode);
                break;
        }
    }

    private void OnExited(ChildProcess child, int exitCode)
    {
        if (ReferenceEquals(_children[child.Slot], child)) _children[child.Slot] = null;
        _stoppingSince.Remove(child);
        child.Dispose();
        var stopping = _stopDeadline is not null;
        var current = child.Current;
        var others = child.Recent.Where(j => current is null || j.Id != current.Id || j.Attempt != current.Attempt).ToList();
        switch (child.Killed)
        {
            case KillReason.TimeLimit when current is not null:
                RunDatabaseWork(ct => _orphans.FailTimeLimitAsync(child.Worker, current, ct));
                RunDatabaseWork(ct => _orphans.RescueAsync(child.Worker, others, ct));
                break;
            case KillReason.Terminate when current is not null:
                RunDatabaseWork(ct => _orphans.RescueAsync(child.Worker, others, ct)); // the revoked job stays REVOKED
                break;
            case KillReason.None when exitCode is ExitCodes.Success or ChildProtocol.RecycledExitCode:
                break; // a graceful stop wrote or released everything
            default:
                RunDatabaseWork(ct => _orphans.RescueAsync(child.Worker, child.Recent, ct));
                break;
        }

        if (!child.Ready)
        {
            if (stopping) return;
            _log.LogWarning("Child {Pid} exited with code {Code} before it was ready.", child.Pid, exitCode);
            StartFailed(child.Slot, exitCode, $"child {child.Pid} exited with code {exitCode} before it was ready");
            return;
        }
        if (child.Killed == KillReason.None && exitCode != ChildProtocol.RecycledExitCode && !stopping && child.RecycleReason is null)
        {
            if (current is not null)
                _log.LogWarning("Child {Pid} ({Worker}) exited with code {Code} while running job {Id}; the job is rescued and the child replaced.",
                    child.Pid, child.Worker, exitCode, current.Id);
            else
                _log.LogWarning("Child {Pid} ({Worker}) exited with code {Code}; it is replaced.", child.Pid, child.Worker, exitCode);
        }
        if (!stopping && child.Slot < _slots) _restartAt[child.Slot] = _time.GetTimestamp();
    }

    private void StartFailed(int slot, int exitCode, string what)
    {
        var failures = ++_startFailures[slot];
        if (_startFailures.Take(_slots).All(f => f >= MaxStartFailures))
        {
            _fatal = $"the process pool's children keep failing to start ({what}; see the errors above)";
            _fatalExitCode = exitCode == ExitCodes.DatabaseUnreachable ? ExitCodes.DatabaseUnreachable : ExitCodes.UserError;
            BeginStop();
            return;
        }
        var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, failures - 1)));
        _restartAt[slot] = _time.GetTimestamp() + Ticks(backoff);
    }

    private void BeginStop()
    {
        if (_stopDeadline is not null) return;
        _stopBegan = _time.GetTimestamp();
        _stopDeadline = _stopBegan + Ticks(GracePeriod);
        for (var slot = 0; slot < _restartAt.Count; slot++) _restartAt[slot] = null;
        foreach (var child in _children.OfType<ChildProcess>()) child.RequestStop();
    }

    private void KillAll(KillReason reason, string why)
    {
        foreach (var child in _children.OfType<ChildProcess>().Where(c => c.Killed == KillReason.None))
        {
            _log.LogWarning("Killing child {Pid} ({Worker}) after {Why}.", child.Pid, child.Worker, why);
            child.Kill(reason);
        }
    }

    /// <summary>Kills children whose job passed its hard time limit (plus <see cref="KillGrace"/>), and recycling children that take too long to stop.</summary>
    private void KillOverdue()
    {
        foreach (var child in _children.OfType<ChildProcess>().Where(c => c.Killed == KillReason.None))
        {
            if (child.Current is { HardLimit: { } limit } job && _time.GetElapsedTime(job.StartedAt) >= limit + KillGrace)
            {
                _log.LogWarning("Killing child {Pid} ({Worker}): job {Id} passed its time limit of {Limit}.", child.Pid, child.Worker, job.Id, Jobs.TimeLimits.Seconds(limit));
                child.Kill(KillReason.TimeLimit);
            }
            else if (_stoppingSince.TryGetValue(child, out var since) && _time.GetElapsedTime(since) >= GracePeriod)
            {
                _log.LogWarning("Killing child {Pid} ({Worker}): it did not stop within {Timeout} of recycling.", child.Pid, child.Worker, GracePeriod);
                child.Kill(KillReason.Shutdown);
            }
        }
    }

    /// <summary>Starts a check for terminate requests when children run jobs: every half second, or soon after a signal.</summary>
    private void CheckTerminateRequests()
    {
        if (!_terminateCheck.IsCompleted) return;
        var running = _children.OfType<ChildProcess>().Where(c => c.Killed == KillReason.None && c.Current is not null)
            .Select(c => new HeldJob(c.Current!.Id, c.Current.Attempt)).ToList();
        if (running.Count == 0)
        {
            _terminateCheckSoon = false;
            return;
        }
        if (_time.GetElapsedTime(_lastTerminateCheck) < (_terminateCheckSoon ? TerminateCheckSoon : TerminateCheckInterval)) return;
        _terminateCheckSoon = false;
        _lastTerminateCheck = _time.GetTimestamp();
        var giveUp = _giveUp.Token;
        _terminateCheck = Task.Run(async () =>
        {
            try
            {
                var found = await _terminates.FindAsync(running, giveUp).ConfigureAwait(false);
                _events.Writer.TryWrite(new PoolEvent.Terminate(found)); // even when empty: wakes the loop for the next check
            }
            catch (Exception ex) when (!giveUp.IsCancellationRequested)
            {
                _log.LogDebug(ex, "Checking for jobs revoked with terminate failed; checking again soon.");
            }
        });
    }

    private void Terminate(IReadOnlyList<HeldJob> attempts)
    {
        foreach (var child in _children.OfType<ChildProcess>().Where(c => c.Killed == KillReason.None))
        {
            if (child.Current is not { } job || !attempts.Contains(new HeldJob(job.Id, job.Attempt))) continue;
            _log.LogWarning("Killing child {Pid} ({Worker}): job {Id} was revoked with terminate.", child.Pid, child.Worker, job.Id);
            child.Kill(KillReason.Terminate);
        }
    }

    private void RestartDue()
    {
        if (_stopDeadline is not null) return;
        var now = _time.GetTimestamp();
        for (var slot = 0; slot < _slots; slot++)
            if (_children[slot] is null && _restartAt[slot] is { } at && at <= now) Launch(slot);
    }

    /// <summary>
    /// The time until the next deadline (hard limit, restart, stop, terminate check), at most <see cref="Tick"/>. Deadlines
    /// already past were dealt with before this is called (or are in hand), so they do not count: the loop never spins.
    /// </summary>
    private TimeSpan NextWake()
    {
        var now = _time.GetTimestamp();
        var next = now + Ticks(Tick);
        void Consider(long at)
        {
            if (at > now) next = Math.Min(next, at);
        }
        foreach (var child in _children.OfType<ChildProcess>())
            if (child.Killed == KillReason.None && child.Current is { HardLimit: { } limit } job)
                Consider(job.StartedAt + Ticks(limit + KillGrace));
        foreach (var at in _restartAt)
            if (at is { } a) Consider(a);
        if (_stopDeadline is { } d) Consider(d);
        if (_terminateCheckSoon) Consider(_lastTerminateCheck + Ticks(TerminateCheckSoon));
        return TimeSpan.FromSeconds((next - now) / (double)_time.TimestampFrequency);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private async Task WaitForEventsAsync(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero) return;
        using var cts = new CancellationTokenSource(timeout, _time);
        try { await _events.Reader.WaitToReadAsync(cts.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) when (cts.IsCancellationRequested) { }
    }

    private void RunDatabaseWork(Func<CancellationToken, Task> work)
    {
        _databaseWork.RemoveAll(t => t.IsCompleted);
        _databaseWork.Add(Task.Run(() => work(_giveUp.Token)));
    }

    private async Task FinishDatabaseWorkAsync()
    {
        try { await Task.WhenAll([.. _databaseWork, _terminateCheck]).WaitAsync(TimeSpan.FromSeconds(15), _time).ConfigureAwait(false); }
        catch (TimeoutException) { _log.LogWarning("Rescuing the jobs of dead children did not finish; their leases will expire."); }
        catch (Exception) { /* each task logs its own failure */ }
        await _giveUp.CancelAsync().ConfigureAwait(false);
        _giveUp.Dispose();
    }
}
