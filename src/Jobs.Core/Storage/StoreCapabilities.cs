namespace Jobs.Storage;

/// <summary>What a store can do; Core adapts to it (no store type checks).</summary>
internal sealed record StoreCapabilities
{
    /// <summary>The store pushes enqueue and completion signals across processes (e.g. LISTEN/NOTIFY).</summary>
    public bool CrossProcessSignals { get; init; }
    /// <summary>How often an idle worker (or a control responder, an event follower) polls when no signal arrives.</summary>
    public TimeSpan IdlePollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
