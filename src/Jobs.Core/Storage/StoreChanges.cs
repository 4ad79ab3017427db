namespace Jobs.Storage;

/// <summary>
/// What one store call's writes changed that others wait for: jobs that ended (result waiters, revoked-job checks,
/// full concurrency limits), queues that gained runnable jobs (idle workers), and whether control requests (workers'
/// remote control) or events (followers) were stored. A store's write statements add to
/// it from their own RETURNING rows; Core sends it through <see cref="IStoreWakeups"/> once the writes committed.
/// </summary>
internal sealed class StoreChanges
{
    private List<Guid>? _ended;
    private HashSet<string>? _available;

    public IReadOnlyList<Guid> Ended => _ended ?? (IReadOnlyList<Guid>)[];
    public IReadOnlyCollection<string> Available => _available ?? (IReadOnlyCollection<string>)[];
    public bool HasControl { get; private set; }
    public bool HasEvents { get; private set; }
    public bool IsEmpty => _ended is not { Count: > 0 } && _available is not { Count: > 0 } && !HasControl && !HasEvents;

    public void JobEnded(Guid id) => (_ended ??= []).Add(id);

    public void JobsEnded(IEnumerable<Guid> ids) => (_ended ??= []).AddRange(ids);

    public void QueueAvailable(string queue) => (_available ??= new HashSet<string>(StringComparer.Ordinal)).Add(queue);

    public void ControlSent() => HasControl = true;

    public void EventsStored() => HasEvents = true;

    public void QueuesAvailable(IEnumerable<string> queues)
    {
        foreach (var q in queues) QueueAvailable(q);
    }
}
