using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// Where a held attempt is in its life on this worker. Live: <see cref="Buffered"/> (claimed, waiting for an executor),
/// <see cref="Running"/>, <see cref="Completing"/> (it ended; its outcome waits in the completer). Ended:
/// <see cref="Settled"/> (its outcome was written, rejected or dropped), <see cref="Lost"/> (the worker let go of it
/// without an outcome of its own: lease lost or lapsed, revoked, claimed again, or left unwritten at stop), or
/// <see cref="Released"/> (given back to its queue at shutdown). Flags, so that a move can name the states it accepts.
/// </summary>
[Flags]
internal enum AttemptState
{
    Buffered = 1,
    Running = 2,
    Completing = 4,
    Settled = 8,
    Lost = 16,
    Released = 32,
    /// <summary>Claimed and without an outcome yet: what a lost lease, a revoke or a shutdown release takes.</summary>
    Unfinished = Buffered | Running,
    /// <summary>Held: the lease keeper renews these.</summary>
    Live = Unfinished | Completing,
    Ended = Settled | Lost | Released,
}

/// <summary>
/// An attempt this worker holds a lease on, from claim until it ends (<see cref="AttemptState"/>). Only
/// <see cref="HeldAttempts"/> creates and moves it. Ending it disposes it (unlinking it from the worker's hard stop),
/// after cancelling it when it is lost: the worker lets go of it while its code may still run.
/// </summary>
internal sealed class HeldAttempt
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Lock _gate = new();
    private volatile AttemptState _state = AttemptState.Buffered;
    private long _leaseFrom;
    private long _startTimestamp;
    private int _reserved = 1;

    internal HeldAttempt(ClaimedJob job, CancellationToken workerHardStop, long leaseFrom)
    {
        Job = job;
        Key = new HeldJob(job.Id, job.Attempt);
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(workerHardStop);
        Token = _cancellation.Token;
        _leaseFrom = leaseFrom;
    }

    public ClaimedJob Job { get; }
    public HeldJob Key { get; }
    public AttemptState State => _state;

    /// <summary>Cancelled when the attempt is lost or the worker stops past its grace period; valid after the attempt ended.</summary>
    public CancellationToken Token { get; }

    /// <summary>Local timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the claim or last renewal that succeeded: the lease runs at least until then plus the lease.</summary>
    public long LeaseFrom => Interlocked.Read(ref _leaseFrom);

    /// <summary>When the attempt started running here (null while it was buffered): <c>inspect active</c> vs <c>reserved</c>.</summary>
    public DateTimeOffset? StartedAt { get; private set; }

    /// <summary>How long the attempt ran (set when it moved to <see cref="AttemptState.Completing"/>).</summary>
    public TimeSpan? Runtime { get; private set; }

    /// <summary>A renewal sent at local timestamp <paramref name="sent"/> succeeded.</summary>
    internal void Renewed(long sent) => Interlocked.Exchange(ref _leaseFrom, sent);

    /// <summary>Ends the reservation the claim took (once; later calls return false).</summary>
    internal bool TryUnreserve() => Interlocked.Exchange(ref _reserved, 0) == 1;

    /// <summary>
    /// Moves the attempt to <paramref name="to"/> if it is in one of the states <paramref name="from"/>; false (and no
    /// change) otherwise, so of two racing moves exactly one wins. <paramref name="from"/> must name legal predecessors
    /// of <paramref name="to"/> only, else this throws whatever the attempt's state (a bug at the call site, not a race).
    /// </summary>
    internal bool TryMove(AttemptState from, AttemptState to, TimeProvider time)
    {
        if (from == 0 || (from & ~Predecessors(to)) != 0)
            throw new ArgumentException($"an attempt cannot move from {from} to {to}", nameof(from));
        lock (_gate)
        {
            var now = _state;
            if ((now & from) == 0) return false;
            if (to == AttemptState.Running)
            {
                _startTimestamp = time.GetTimestamp();
                StartedAt = time.GetUtcNow();
            }
            else if (to == AttemptState.Completing) Runtime = time.GetElapsedTime(_startTimestamp);
            _state = to;
        }
        // Only the winner of the one move into an ended state gets here, so cancelling and disposing never race.
        if (to == AttemptState.Lost) Cancel();
        if ((to & AttemptState.Ended) != 0) _cancellation.Dispose();
        return true;
    }

    /// <summary>The states an attempt may move to <paramref name="to"/> from.</summary>
    internal static AttemptState Predecessors(AttemptState to) => to switch
    {
        AttemptState.Running => AttemptState.Buffered,
        AttemptState.Completing => AttemptState.Running,
        AttemptState.Settled => AttemptState.Completing,
        AttemptState.Lost => AttemptState.Live,
        AttemptState.Released => AttemptState.Unfinished,
        _ => 0,
    };

    private void Cancel()
    {
        try { _cancellation.Cancel(); }
        catch (AggregateException) { /* a task's cancellation callback threw; the attempt is cancelled regardless */ }
    }
}
