namespace Jobs.Storage;

/// <summary>
/// The monitoring port next to <see cref="IJobStore"/> (implemented once, by <see cref="MonitorStore"/> over the
/// store's driver): the workers table, the events table, the control table with its replies, and the reporting views.
/// All times use the database clock except event timestamps, which the emitting process sets.
/// </summary>
internal interface IMonitorStore
{
    /// <summary>Raised when another process stores events or sends a control request (where the store pushes them).</summary>
    StoreSignals Signals { get; }

    /// <summary>Starts listening for control requests and stored events (idempotent); without it callers poll.</summary>
    void StartSignals();

    /// <summary>Whether <see cref="Signals"/> are pushed across processes, and how often callers poll for control requests and events otherwise.</summary>
    StoreCapabilities Capabilities { get; }

    // Workers table.

    /// <summary>Inserts or replaces the worker's row: started and heartbeat now, not stopped.</summary>
    Task RegisterWorkerAsync(WorkerRegistration worker, CancellationToken ct);

    /// <summary>Sets heartbeat_at to now with the worker's current figures; false when its row is missing or stopped (then register again).</summary>
    Task<bool> HeartbeatAsync(WorkerRegistration worker, WorkerLoad load, CancellationToken ct);

    /// <summary>Marks the worker stopped now.</summary>
    Task MarkStoppedAsync(string worker, CancellationToken ct);

    /// <summary>
    /// Marks stopped the workers not stopped whose last heartbeat is older than three of their intervals; returns
    /// their names (each returned once: the caller emits worker-offline for them). Deletes rows stopped longer than
    /// <paramref name="forgetAfter"/>.
    /// </summary>
    Task<IReadOnlyList<string>> SweepWorkersAsync(TimeSpan forgetAfter, CancellationToken ct);

    /// <summary>Workers by name; stopped ones too when <paramref name="includeStopped"/>.</summary>
    Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped, CancellationToken ct);

    // Events table.

    /// <summary>Inserts events (their <see cref="JobEvent.Id"/> is assigned by the table) in one statement and signals followers.</summary>
    Task InsertEventsAsync(IReadOnlyList<JobEvent> events, CancellationToken ct);

    /// <summary>Events with id greater than <paramref name="afterId"/>, by id, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<JobEvent>> ReadEventsAsync(long afterId, int limit, CancellationToken ct);

    /// <summary>The newest event id (0 when none): a follower starts after it.</summary>
    Task<long> LastEventIdAsync(CancellationToken ct);

    /// <summary>Deletes events older than <paramref name="olderThan"/> (event time); returns how many.</summary>
    Task<int> PruneEventsAsync(TimeSpan olderThan, CancellationToken ct);

    // Remote control.

    /// <summary>Stores a request (expiring after <paramref name="ttl"/>) and signals workers; returns its id.</summary>
    Task<long> SendControlAsync(string command, string argsJson, string? destination, TimeSpan ttl, CancellationToken ct);

    /// <summary>Unexpired requests with id greater than <paramref name="afterId"/> addressed to everyone or to <paramref name="worker"/>, by id.</summary>
    Task<IReadOnlyList<ControlRequest>> ReadControlAsync(long afterId, string worker, CancellationToken ct);

    /// <summary>The newest request id (0 when none): a worker starting now handles only later requests.</summary>
    Task<long> LastControlIdAsync(CancellationToken ct);

    /// <summary>Stores a worker's reply to a request.</summary>
    Task ReplyControlAsync(long requestId, string worker, string replyJson, CancellationToken ct);

    /// <summary>The replies to a request so far, by worker name.</summary>
    Task<IReadOnlyList<WorkerReply>> ReadRepliesAsync(long requestId, CancellationToken ct);

    /// <summary>Deletes expired requests and their replies; returns how many requests.</summary>
    Task<int> PruneControlAsync(CancellationToken ct);

    // Reporting.

    /// <summary>The reporting views' figures over jobs finished since <paramref name="since"/> (null: all), and queue depths now.</summary>
    Task<JobsReport> ReportAsync(TimeSpan? since, CancellationToken ct);
}
