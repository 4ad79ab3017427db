using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// The supervisor's side of remote control (asked through <see cref="SupervisorNode"/>): what it reports (slots,
/// running attempts, outcomes) and what it changes. Callers on other threads only set the wanted slot count or the
/// launcher's queues and wake the loop; the loop resizes (new slots start children, retired ones stop theirs
/// gracefully) and replaces children started with old queues.
/// </summary>
internal sealed partial class PoolSupervisor
{
    /// <summary>Slots (children) wanted now.</summary>
    public int Concurrency => Volatile.Read(ref _desiredSlots);

    /// <summary>Attempts the children run now, as they reported them.</summary>
    public IReadOnlyList<ChildJob> Running => _running;

    /// <summary>Attempts ended in the children, by outcome.</summary>
    public (long Succeeded, long Failed, long Retried) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _failed), Interlocked.Read(ref _retried));

    /// <summary>Changes the number of slots by <paramref name="delta"/> (never below one); returns the new number. Safe from any thread.</summary>
    public int Resize(int delta)
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

    /// <summary>Brings the slots to the number remote control asked for: new or revived slots start children, retired ones stop theirs.</summary>
    private void Resize()
    {
        var desired = Volatile.Read(ref _desiredSlots);
        if (desired == _slots || _stopDeadline is not null) return;
        var now = _time.GetTimestamp();
        while (_children.Count < desired)
        {
            _children.Add(null);
            _startFailures.Add(0);
            _restartAt.Add(null);
        }
        for (var slot = Math.Min(_slots, desired); slot < Math.Max(_slots, desired); slot++)
        {
            if (slot < desired)
            {
                _startFailures[slot] = 0;
                _restartAt[slot] = now; // started by RestartDue once its old child (if still stopping) is gone
            }
            else
            {
                _restartAt[slot] = null;
                if (_children[slot] is { } child) Retire(child, "the pool shrank");
            }
        }
        _log.LogInformation("Process pool resized from {From} to {To} children.", _slots, desired);
        _slots = desired;
    }

    /// <summary>Replaces (gracefully) the children started with queues the pool no longer has.</summary>
    private void ReplaceForNewQueues()
    {
        if (_stopDeadline is not null) return;
        var version = _launcher.QueuesVersion;
        foreach (var child in _children.OfType<ChildProcess>())
            if (child.QueuesVersion != version && child.Killed == KillReason.None && child.RecycleReason is null)
                Retire(child, "the pool's queues changed");
    }

    private void Retire(ChildProcess child, string why)
    {
        if (child.RecycleReason is not null) return;
        child.RecycleReason = why;
        _stoppingSince.TryAdd(child, _time.GetTimestamp());
        child.RequestStop();
        _log.LogInformation("Stopping child {Pid} ({Worker}): {Why}.", child.Pid, child.Worker, why);
    }
}
