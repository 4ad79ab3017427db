namespace Jobs.Storage;

/// <summary>What a worker writes to the workers table when it starts (and with each heartbeat, as it may change).</summary>
internal sealed record WorkerRegistration
{
    public required string Name { get; init; }
    public required string Hostname { get; init; }
    public int Pid { get; init; }
    public required IReadOnlyList<string> Queues { get; init; }
    public required string Pool { get; init; }
    public int Concurrency { get; init; }
    public required string Version { get; init; }
    public TimeSpan HeartbeatInterval { get; init; }
}

/// <summary>A worker's figures at a heartbeat.</summary>
internal readonly record struct WorkerLoad(int Active, long Processed);
