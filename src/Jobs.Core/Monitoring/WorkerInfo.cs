namespace Jobs;

/// <summary>A row of the workers table: a worker that registered, with its last heartbeat.</summary>
public sealed record WorkerInfo
{
    /// <summary>The worker's unique name.</summary>
    public required string Name { get; init; }
    /// <summary>The machine it runs on.</summary>
    public required string Hostname { get; init; }
    /// <summary>Its process id.</summary>
    public int Pid { get; init; }
    /// <summary>The queues it consumes (now: add-consumer and cancel-consumer change them).</summary>
    public required IReadOnlyList<string> Queues { get; init; }
    /// <summary>Its pool: async, threads, solo or process.</summary>
    public required string Pool { get; init; }
    /// <summary>Jobs it runs at once (now: pool-grow and pool-shrink change it).</summary>
    public int Concurrency { get; init; }
    /// <summary>The Jobs version it runs.</summary>
    public required string Version { get; init; }
    /// <summary>When it started (database clock).</summary>
    public DateTimeOffset StartedAt { get; init; }
    /// <summary>Its last heartbeat (database clock).</summary>
    public DateTimeOffset HeartbeatAt { get; init; }
    /// <summary>When it stopped, or was found to have missed its heartbeats; null while it runs.</summary>
    public DateTimeOffset? StoppedAt { get; init; }
    /// <summary>Its heartbeat interval.</summary>
    public TimeSpan HeartbeatInterval { get; init; }
    /// <summary>Jobs running at its last heartbeat.</summary>
    public int Active { get; init; }
    /// <summary>Attempts ended since it started, at its last heartbeat.</summary>
    public long Processed { get; init; }
    /// <summary>Not stopped, and its last heartbeat is less than three intervals old (database clock).</summary>
    public bool Online { get; init; }
}
