namespace Jobs.Limits;

/// <summary>
/// The decision of one limited claim, shared by every store (the store reads and writes; this decides). Each active
/// limit gets a budget: the whole tokens its bucket holds after refilling, and the free places under its concurrency
/// limit. A waiting job may start when every limit on its task and its queue has budget left, and starting spends one
/// from each. Expired jobs spend nothing (the claim records them REVOKED). After choosing, the buckets are written back
/// and the plan says when the next token arrives, so a worker sleeps until then instead of polling.
/// </summary>
internal sealed class LimitPlan
{
    private readonly Dictionary<(LimitScope, string), Budget> _budgets = [];

    public LimitPlan(IReadOnlyList<LimitState> states)
    {
        foreach (var s in states)
        {
            double? tokens = s.PerSecond is { } rate && s.Burst is { } burst
                ? Math.Min(burst, Math.Max(0, s.Tokens) + Math.Max(0, s.ElapsedMs) / 1000.0 * rate)
                : null;
            var places = s.MaxRunning is { } max ? Math.Max(0, max - s.Running) : (long?)null;
            _budgets[(s.Scope, s.Name)] = new Budget(s, tokens, places);
        }
    }

    /// <summary>Tasks with an active limit.</summary>
    public IReadOnlyList<string> LimitedTasks => Names(LimitScope.Task, _ => true);
    /// <summary>Queues with an active limit.</summary>
    public IReadOnlyList<string> LimitedQueues => Names(LimitScope.Queue, _ => true);
    /// <summary>Tasks whose limits have no budget now: their jobs are not even read.</summary>
    public IReadOnlyList<string> BlockedTasks => Names(LimitScope.Task, b => !b.HasRoom);
    /// <summary>Queues whose limits have no budget now.</summary>
    public IReadOnlyList<string> BlockedQueues => Names(LimitScope.Queue, b => !b.HasRoom);
    /// <summary>True when every limit has budget (none is holding jobs back).</summary>
    public bool AllOpen => _budgets.Values.All(b => b.HasRoom);
    /// <summary>True when some limit has budget, so reading candidates can find work.</summary>
    public bool AnyOpen => _budgets.Values.Any(b => b.HasRoom);

    /// <summary>Picks, in the given order (priority, run time, id), up to <paramref name="max"/> candidates the budgets allow, spending them.</summary>
    public IReadOnlyList<Guid> Choose(IReadOnlyList<LimitCandidate> candidates, int max)
    {
        var chosen = new List<Guid>(Math.Min(max, candidates.Count));
        foreach (var c in candidates)
        {
            if (chosen.Count >= max) break;
            if (c.Expired) { chosen.Add(c.Id); continue; }
            _budgets.TryGetValue((LimitScope.Task, c.Task), out var task);
            _budgets.TryGetValue((LimitScope.Queue, c.Queue), out var queue);
            if (task is { HasRoom: false } || queue is { HasRoom: false }) continue;
            task?.Spend();
            queue?.Spend();
            chosen.Add(c.Id);
        }
        return chosen;
    }

    /// <summary>Every rate-limited bucket's level after the claim (refilled, minus what was spent).</summary>
    public IReadOnlyList<TokenWrite> TokenWrites =>
        _budgets.Values.Where(b => b.Tokens is not null).Select(b => new TokenWrite(b.State.Scope, b.State.Name, b.Tokens!.Value)).ToList();

    /// <summary>How long until an empty bucket holds a whole token again; null when no bucket is short.</summary>
    public TimeSpan? NextTokenIn
    {
        get
        {
            var waits = _budgets.Values.Where(b => b.Tokens < 1).Select(b => (1 - b.Tokens!.Value) / b.State.PerSecond!.Value).ToList();
            return waits.Count == 0 ? null : TimeSpan.FromSeconds(waits.Min());
        }
    }

    /// <summary>True when a concurrency limit is full: a finishing job of it is the next chance to start one.</summary>
    public bool SlotsFull => _budgets.Values.Any(b => b.Places == 0);

    private List<string> Names(LimitScope scope, Func<Budget, bool> which) =>
        _budgets.Where(kv => kv.Key.Item1 == scope && which(kv.Value)).Select(kv => kv.Key.Item2).ToList();

    private sealed class Budget(LimitState state, double? tokens, long? places)
    {
        public LimitState State { get; } = state;
        public double? Tokens { get; private set; } = tokens;
        public long? Places { get; private set; } = places;
        public bool HasRoom => Tokens is not < 1 && Places is not 0;

        public void Spend()
        {
            if (Tokens is { } t) Tokens = t - 1;
            if (Places is { } p) Places = p - 1;
        }
    }
}
