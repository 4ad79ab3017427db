using System.Collections.Concurrent;
using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>An outcome the store recorded, with the attempt it settled (null when the worker had let go of it already: lost or claimed again).</summary>
internal readonly record struct WrittenOutcome(JobOutcome Outcome, HeldAttempt? Attempt);

/// <summary>
/// The attempts a worker holds: the one place that adds them, moves them from state to state (<see cref="AttemptState"/>)
/// and removes them. The fetch loop adds claimed attempts (Buffered); an executor starts one (Running) and hands its
/// outcome on (Completing); the completer's report settles it (Settled). A lost or lapsed lease, a revoke, a newer claim
/// of the same job, or a bug loses it (Lost: cancelled); shutdown releases what has no outcome yet (Released). Every move
/// is atomic and says whether it happened, so of two racing moves (a settle and a lost lease, a revoke and a start)
/// exactly one wins, and only its caller logs or publishes. Attempts are keyed by (id, attempt): a newer attempt of a
/// job never confuses the bookkeeping of an older one.
/// <para>
/// It also counts reservations, which bound how many more jobs the fetch loop claims: a claimed attempt is reserved
/// until its executor is done with it (ran it, skipped it as lost, or shutdown took it out of the buffer). A reservation
/// outlives a lost attempt whose code still runs or that still sits in the buffer, since it still takes an executor or
/// a buffer place.
/// </para>
/// </summary>
internal sealed class HeldAttempts(CancellationToken workerHardStop, TimeProvider time)
{
    private readonly ConcurrentDictionary<HeldJob, HeldAttempt> _held = new();
    private int _reserved;

    /// <summary>Attempts held now.</summary>
    public int Count => _held.Count;

    /// <summary>Attempts claimed whose executor is not done with them yet.</summary>
    public int Reservations => Volatile.Read(ref _reserved);

    /// <summary>Holds a claimed attempt, buffered and reserved; null when this very attempt is held already (never from one claim).</summary>
    public HeldAttempt? Add(ClaimedJob job, long leaseFrom)
    {
        var attempt = new HeldAttempt(job, workerHardStop, leaseFrom);
        if (!_held.TryAdd(attempt.Key, attempt))
        {
            attempt.TryMove(AttemptState.Buffered, AttemptState.Released, time); // never held: only disposed
            return null;
        }
        Interlocked.Increment(ref _reserved);
        return attempt;
    }

    /// <summary>The attempt's executor is done with it: its reservation ends (once, whatever its state).</summary>
    public void Unreserve(HeldAttempt attempt)
    {
        if (attempt.TryUnreserve()) Interlocked.Decrement(ref _reserved);
    }

    /// <summary>Buffered → Running; false when the attempt was lost while buffered.</summary>
    public bool Start(HeldAttempt attempt) => Move(attempt, AttemptState.Buffered, AttemptState.Running);

    /// <summary>
    /// Running → Completing: the attempt ended with an outcome, now on its way to the store (neither the lease keeper nor a
    /// revoke lets go of it any more). False when the worker let go of it meanwhile; its outcome is written all the same,
    /// and the store's ownership guard decides.
    /// </summary>
    public bool Complete(HeldAttempt attempt) => Move(attempt, AttemptState.Running, AttemptState.Completing);

    /// <summary>
    /// Completing → Settled for every outcome the report settles (written, rejected or dropped: only those attempts; a
    /// newer attempt of the same job stays held). Returns the written outcomes with the attempts they settled, for
    /// counting and publishing once each.
    /// </summary>
    public IReadOnlyList<WrittenOutcome> Settle(CompletionReport report)
    {
        foreach (var o in report.Rejected.Concat(report.Dropped)) Settle(o);
        if (report.Written.Count == 0) return [];
        var written = new WrittenOutcome[report.Written.Count];
        for (var i = 0; i < written.Length; i++) written[i] = new WrittenOutcome(report.Written[i], Settle(report.Written[i]));
        return written;
    }

    private HeldAttempt? Settle(JobOutcome o)
        => _held.TryGetValue(new HeldJob(o.Id, o.Attempt), out var attempt) && Move(attempt, AttemptState.Completing, AttemptState.Settled) ? attempt : null;

    /// <summary>
    /// Buffered or Running → Lost: the store no longer grants the lease, or it lapsed locally. False when the attempt's
    /// outcome is on its way (writing it settles the attempt) or it ended already.
    /// </summary>
    public bool LoseLease(HeldAttempt attempt) => Move(attempt, AttemptState.Unfinished, AttemptState.Lost);

    /// <summary>Any live state → Lost: the worker cannot go on with the attempt (a bug); its lease is left to expire.</summary>
    public bool Abandon(HeldAttempt attempt) => Move(attempt, AttemptState.Live, AttemptState.Lost);

    /// <summary>These jobs were claimed again (rescued or retried meanwhile): every attempt of them held now is lost, whatever its state. Returns those attempts.</summary>
    public IReadOnlyList<HeldAttempt> Supersede(IEnumerable<Guid> ids) => MoveAll(ids.ToHashSet(), AttemptState.Live, AttemptState.Lost);

    /// <summary>These jobs were revoked: their buffered and running attempts are lost (cancelled). Returns those attempts.</summary>
    public IReadOnlyList<HeldAttempt> Revoke(IReadOnlyCollection<Guid> ids) => MoveAll(ids, AttemptState.Unfinished, AttemptState.Lost);

    /// <summary>Shutdown: every buffered or running attempt (stopped, or stuck ignoring cancellation) is released. Returns them, to give back to their queues.</summary>
    public IReadOnlyList<HeldAttempt> ReleaseUnfinished() => MoveAll(null, AttemptState.Unfinished, AttemptState.Released);

    /// <summary>The end of a stop: whatever is still held (outcomes that could not be written) is let go of; those jobs are rescued when their leases expire.</summary>
    public int AbandonAll() => MoveAll(null, AttemptState.Live, AttemptState.Lost).Count;

    /// <summary>Whether one of these jobs has a buffered or running attempt here (the worker should not have seen it finish).</summary>
    public bool HoldsUnfinished(IReadOnlyList<Guid> ids)
    {
        if (_held.IsEmpty) return false;
        var set = ids.Count > 8 ? ids.ToHashSet() : null; // held × ids comparisons on every notification add up under load
        foreach (var (key, attempt) in _held)
            if ((attempt.State & AttemptState.Unfinished) != 0 && (set?.Contains(key.Id) ?? ids.Contains(key.Id))) return true;
        return false;
    }

    /// <summary>The attempts held now in one of <paramref name="states"/> (a snapshot).</summary>
    public IReadOnlyList<HeldAttempt> InState(AttemptState states)
        => _held.Values.Where(a => (a.State & states) != 0).ToList();

    private List<HeldAttempt> MoveAll(IReadOnlyCollection<Guid>? ids, AttemptState from, AttemptState to)
    {
        var moved = new List<HeldAttempt>();
        foreach (var (key, attempt) in _held)
            if ((ids is null || ids.Contains(key.Id)) && Move(attempt, from, to)) moved.Add(attempt);
        return moved;
    }

    private bool Move(HeldAttempt attempt, AttemptState from, AttemptState to)
    {
        if (!attempt.TryMove(from, to, time)) return false;
        if ((to & AttemptState.Ended) != 0) _held.TryRemove(new KeyValuePair<HeldJob, HeldAttempt>(attempt.Key, attempt));
        return true;
    }
}
