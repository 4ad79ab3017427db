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
/// A child whose job is revoked with terminate is killed too (<see cref="TerminateWatcher"/> says when to look). Remote
/// control may change the number of slots (pool-grow/shrink: new slots start children, removed ones stop theirs
/// gracefully) and the queues (children started with the old ones are replaced gracefully). One loop owns all state
/// (each slot's is a <see cref="Slot"/>); children, signals, timers and remote control only feed it events (remote
/// control, through <see cref="SupervisorNode"/>, only sets the wanted number of slots or the launcher's queues and
/// wakes the loop). What a dead child's attempts need in the database is <see cref="OrphanedAttempts"/>'s.
/// </summary>
internal sealed class PoolSupervisor
{
    /// <summary>Past a job's hard limit, how long its child may take to record the FAILURE itself before it is killed.</summary>
    private static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RepeatedStop = TimeSpan.FromSeconds(1);

    private readonly ChildLauncher _launcher;
    private readonly OrphanedAttempts _orphans;
    private readonly TerminateWatcher _terminates;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Channel<PoolEvent> _events = Channel.CreateUnbounded<PoolEvent>();
    /// <summary>Every slot the pool ever had (pool-grow adds slots; pool-shrink retires them but keeps them for reuse).</summary>
    private readonly List<Slot> _slots;
    /// <summary>Slots in use: slots at or past it are retired (their children stop and are not replaced).</summary>
    private int _inUse;
    private int _desiredSlots;
    private volatile ChildJob[] _running = [];
    private long _succeeded, _failed, _retried;
    private readonly List<Task> _databaseWork = [];
    private readonly CancellationTokenSource _giveUp = new();
    private int _stopRequests;
    private long? _stopDeadline;
    private long _stopBegan;
    private string? _fatal;
    private int _fatalExitCode;

    public PoolSupervisor(PoolSettings settings, ChildLauncher launcher, OrphanedAttempts orphans, TerminateRequests terminates, TimeProvider time, ILogger log)
    {
        _launcher = launcher;
        _orphans = orphans;
        _terminates = new TerminateWatcher(terminates, _events.Writer, time, log);
        _time = time;
        _log = log;
        _inUse = _desiredSlots = settings.Concurrency;
        _slots = [.. Enumerable.Range(0, _inUse).Select(i => new Slot(i))];
        Started = time.GetTimestamp();
    }

    /// <summary>When the pool started (for its uptime).</summary>
    public long Started { get; }

    /// <summary>Slots (children) wanted now.</summary>
    public int Concurrency => Volatile.Read(ref _desiredSlots);

    /// <summary>Attempts the children run now, as they reported them.</summary>
    public IReadOnlyList<ChildJob> Running => _running;

    /// <summary>Attempts ended in the children, by outcome.</summary>
    public (long Succeeded, long Failed, long Retried) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _failed), Interlocked.Read(ref _retried));

    private IEnumerable<ChildProcess> Children => _slots.Select(s => s.Child).OfType<ChildProcess>();
    private IEnumerable<ChildProcess> Unkilled => Children.Where(c => c.Killed == KillReason.None);

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

    /// <summary>Asks for <paramref name="delta"/> more (or fewer) slots, never below one; returns the number wanted now. The loop applies it. Safe from any thread.</summary>
    public int RequestResize(int delta)
    {
        while (true)
        {
            var now = Volatile.Read(ref _desiredSlots);
            var next = now + delta;
            if (next < 1) throw new InvalidOperationException($"the pool has {now} child process(es); it cannot shrink below one");
            if (Interlocked.CompareExchange(ref _desiredSlots, next, now) != now) continue;
            _events.Writer.TryWrite(new PoolEvent.Wake());
            return next;
        }
    }

    /// <summary>The queues changed (<see cref="ChildLauncher.ChangeQueues"/>): children are replaced. Safe from any thread.</summary>
    public void QueuesChanged() => _events.Writer.TryWrite(new PoolEvent.Wake());

    /// <summary>Kills the children running these attempts (a revoke with terminate from remote control). Safe from any thread.</summary>
    public void TerminateNow(IReadOnlyList<HeldJob> attempts) => _events.Writer.TryWrite(new PoolEvent.Terminate(attempts));

    /// <summary>Runs the pool until it is stopped; <paramref name="onReady"/> runs once every child is up. Returns the exit code.</summary>
    public async Task<int> RunAsync(Action onReady)
    {
        foreach (var slot in _slots) Launch(slot);
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
            if (_stopDeadline is not null && _slots.All(s => s.Child is null)) break;
            if (_stopDeadline is { } d && _time.GetTimestamp() >= d) KillAll(KillReason.Shutdown, $"the {GracePeriod.TotalSeconds:0}s shutdown timeout");
            KillOverdue();
            _terminates.LookIfDue(Unkilled.Select(c => c.Current).OfType<ChildJob>(), _giveUp.Token);
            ApplyResize();
            ReplaceForNewQueues();
            RestartDue();
            _running = [.. Children.Select(c => c.Current).OfType<ChildJob>()];
            if (!announced && _stopDeadline is null && _slots.Take(_inUse).All(s => s.Child is { Ready: true }))
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

    private void Launch(Slot slot)
    {
        slot.RestartAt = null;
        try
        {
            var version = _launcher.QueuesVersion;
            var child = ChildProcess.Start(slot.Index, _launcher.StartInfo(slot.Index), pid => _launcher.WorkerName(slot.Index, pid), _events.Writer);
            child.QueuesVersion = version;
            slot.Child = child;
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
                _terminates.OnJobsFinished(f.Ids, Children.Select(c => c.Current).OfType<ChildJob>());
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
                _slots[child.Slot].ChildReady();
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
                child.Recycling(r.Reason, _time.GetTimestamp());
                _log.LogInformation("Child {Pid} recycled {Reason}.", child.Pid, r.Reason);
                break;
            case ChildEvent.Exited x:
                OnExited(child, x.ExitCode);
                break;
        }
    }

    private void OnExited(ChildProcess child, int exitCode)
    {
        var slot = _slots[child.Slot];
        if (ReferenceEquals(slot.Child, child)) slot.Child = null;
        child.Dispose();
        var stopping = _stopDeadline is not null;
        var current = child.Current;
        _databaseWork.RemoveAll(t => t.IsCompleted);
        _databaseWork.Add(_orphans.AfterExitAsync(child, exitCode, _giveUp.Token));

        if (!child.Ready)
        {
            if (stopping) return;
            _log.LogWarning("Child {Pid} exited with code {Code} before it was ready.", child.Pid, exitCode);
            StartFailed(slot, exitCode, $"child {child.Pid} exited with code {exitCode} before it was ready");
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
        if (!stopping && child.Slot < _inUse) slot.RestartAt = _time.GetTimestamp();
    }

    private void StartFailed(Slot slot, int exitCode, string what)
    {
        slot.StartFailed(_time);
        if (!_slots.Take(_inUse).All(s => s.GaveUp)) return;
        _fatal = $"the process pool's children keep failing to start ({what}; see the errors above)";
        _fatalExitCode = exitCode == ExitCodes.DatabaseUnreachable ? ExitCodes.DatabaseUnreachable : ExitCodes.UserError;
        BeginStop();
    }

    private void BeginStop()
    {
        if (_stopDeadline is not null) return;
        _stopBegan = _time.GetTimestamp();
        _stopDeadline = _stopBegan + Ticks(GracePeriod);
        foreach (var slot in _slots) slot.RestartAt = null;
        foreach (var child in Children) child.RequestStop();
    }

    private void KillAll(KillReason reason, string why)
    {
        foreach (var child in Unkilled)
        {
            _log.LogWarning("Killing child {Pid} ({Worker}) after {Why}.", child.Pid, child.Worker, why);
            child.Kill(reason);
        }
    }

    /// <summary>Kills children whose job passed its hard time limit (plus <see cref="KillGrace"/>), and recycling children that take too long to stop.</summary>
    private void KillOverdue()
    {
        foreach (var child in Unkilled)
        {
            if (child.Current is { HardLimit: { } limit } job && _time.GetElapsedTime(job.StartedAt) >= limit + KillGrace)
            {
                _log.LogWarning("Killing child {Pid} ({Worker}): job {Id} passed its time limit of {Limit}.", child.Pid, child.Worker, job.Id, Jobs.TimeLimits.Seconds(limit));
                child.Kill(KillReason.TimeLimit);
            }
            else if (child.StoppingSince is { } since && _time.GetElapsedTime(since) >= GracePeriod)
            {
                _log.LogWarning("Killing child {Pid} ({Worker}): it did not stop within {Timeout} of recycling.", child.Pid, child.Worker, GracePeriod);
                child.Kill(KillReason.Shutdown);
            }
        }
    }

    private void Terminate(IReadOnlyList<HeldJob> attempts)
    {
        foreach (var child in Unkilled)
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
        foreach (var slot in _slots.Take(_inUse).Where(s => s.DueAt(now))) Launch(slot);
    }

    /// <summary>Brings the slots to the number remote control asked for: new or revived slots start children, retired ones stop theirs.</summary>
    private void ApplyResize()
    {
        var desired = Volatile.Read(ref _desiredSlots);
        if (desired == _inUse || _stopDeadline is not null) return;
        var now = _time.GetTimestamp();
        while (_slots.Count < desired) _slots.Add(new Slot(_slots.Count));
        foreach (var slot in _slots.Take(Math.Max(_inUse, desired)).Skip(Math.Min(_inUse, desired)))
        {
            if (slot.Index < desired) slot.Revive(now); // started by RestartDue once its old child (if still stopping) is gone
            else
            {
                slot.RestartAt = null;
                if (slot.Child is { } child) Retire(child, "the pool shrank");
            }
        }
        _log.LogInformation("Process pool resized from {From} to {To} children.", _inUse, desired);
        _inUse = desired;
    }

    /// <summary>Replaces (gracefully) the children started with queues the pool no longer has.</summary>
    private void ReplaceForNewQueues()
    {
        if (_stopDeadline is not null) return;
        var version = _launcher.QueuesVersion;
        foreach (var child in Unkilled)
            if (child.QueuesVersion != version && child.RecycleReason is null)
                Retire(child, "the pool's queues changed");
    }

    private void Retire(ChildProcess child, string why)
    {
        if (child.RecycleReason is not null) return;
        child.Recycling(why, _time.GetTimestamp());
        child.RequestStop();
        _log.LogInformation("Stopping child {Pid} ({Worker}): {Why}.", child.Pid, child.Worker, why);
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
        foreach (var child in Unkilled)
            if (child.Current is { HardLimit: { } limit } job)
                Consider(job.StartedAt + Ticks(limit + KillGrace));
        foreach (var slot in _slots)
            if (slot.RestartAt is { } at) Consider(at);
        if (_stopDeadline is { } d) Consider(d);
        if (_terminates.SoonAt is { } soon) Consider(soon);
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

    private async Task FinishDatabaseWorkAsync()
    {
        try { await Task.WhenAll([.. _databaseWork, _terminates.Completion]).WaitAsync(TimeSpan.FromSeconds(15), _time).ConfigureAwait(false); }
        catch (TimeoutException) { _log.LogWarning("Rescuing the jobs of dead children did not finish; their leases will expire."); }
        catch (Exception) { /* each task logs its own failure */ }
        await _giveUp.CancelAsync().ConfigureAwait(false);
        _giveUp.Dispose();
    }
}
