using Jobs.Storage;

namespace Jobs.Cli.Prefork;

/// <summary>What the supervisor's loop reacts to.</summary>
internal abstract record PoolEvent
{
    /// <summary>Look at the stop requests.</summary>
    public sealed record Wake : PoolEvent;

    /// <summary>Jobs finished somewhere (a store signal): if a child runs one of them, check for a terminate request now.</summary>
    public sealed record JobsFinished(IReadOnlyList<Guid> Ids) : PoolEvent;

    /// <summary>Running attempts found REVOKED with terminate: their children are to be killed.</summary>
    public sealed record Terminate(IReadOnlyList<HeldJob> Attempts) : PoolEvent;
}

/// <summary>What happened to a child, in the order it happened: a protocol message, or its exit.</summary>
internal abstract record ChildEvent(ChildProcess Child) : PoolEvent
{
    public sealed record Message(ChildProcess Child, ChildMessage Body) : ChildEvent(Child);
    public sealed record Exited(ChildProcess Child, int ExitCode) : ChildEvent(Child);
}
