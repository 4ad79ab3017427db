namespace Jobs.Worker;

/// <summary>
/// The queues a worker consumes now: read on every claim round and signal, changed by add-consumer and cancel-consumer
/// (a changed set replaces the old one whole, so a reader always sees one consistent set). Never empty.
/// </summary>
internal sealed class ConsumedQueues(IEnumerable<string> queues)
{
    private readonly Lock _gate = new();
    private volatile Snapshot _now = new(queues);

    public IReadOnlyList<string> List => _now.List;

    public bool Contains(string queue) => _now.Set.Contains(queue);

    /// <summary>Adds <paramref name="queue"/>; false when it is consumed already.</summary>
    public bool Add(string queue)
    {
        lock (_gate)
        {
            var now = _now;
            if (now.Set.Contains(queue)) return false;
            _now = new Snapshot([.. now.List, queue]);
            return true;
        }
    }

    /// <summary>Removes <paramref name="queue"/>; false when it was not consumed. Throws when it is the only one.</summary>
    public bool Remove(string queue)
    {
        lock (_gate)
        {
            var now = _now;
            if (!now.Set.Contains(queue)) return false;
            if (now.List.Count == 1) throw new InvalidOperationException($"'{queue}' is the worker's only queue; a worker needs at least one");
            _now = new Snapshot(now.List.Where(q => q != queue));
            return true;
        }
    }

    private sealed class Snapshot(IEnumerable<string> queues)
    {
        public IReadOnlyList<string> List { get; } = queues.Distinct(StringComparer.Ordinal).ToList();
        public HashSet<string> Set { get; } = queues.ToHashSet(StringComparer.Ordinal);
    }
}
