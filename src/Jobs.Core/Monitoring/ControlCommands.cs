namespace Jobs;

/// <summary>
/// The remote-control commands workers answer (Celery's inspect and control). Arguments and replies are JSON objects
/// (camelCase); a worker that cannot do what is asked replies <c>{"error": "..."}</c>.
/// </summary>
public static class ControlCommands
{
    /// <summary>Args {}; reply {"ok": "pong"}.</summary>
    public const string Ping = "ping";
    /// <summary>Args {}; reply {"jobs": [{id, task, queue, attempt, args, startedAt}]}: attempts running now.</summary>
    public const string Active = "active";
    /// <summary>Args {}; reply {"jobs": [{id, task, queue, attempt, args}]}: claimed, waiting for a free slot.</summary>
    public const string Reserved = "reserved";
    /// <summary>Args {}; reply {"jobs": [{id, task, queue, args, eta}]}: jobs of the worker's queues due later (at most 100).</summary>
    public const string Scheduled = "scheduled";
    /// <summary>Args {}; reply {"tasks": ["name", ...]}.</summary>
    public const string Registered = "registered";
    /// <summary>
    /// Args {}; reply {hostname, pid, pool, concurrency, prefetch, queues, uptimeSeconds, active, reserved, processed,
    /// succeeded, failed, retried, cpuSeconds, memoryBytes}.
    /// </summary>
    public const string Stats = "stats";
    /// <summary>Args {"ids": [...], "terminate": bool}; reply {"ok": "..."}: running attempts of those jobs are cancelled now.</summary>
    public const string Revoke = "revoke";
    /// <summary>Args {"task", "rate"} (rate null: cleared); reply {"ok": "..."}: the limit is stored by the sender, workers re-check at once.</summary>
    public const string RateLimit = "rate-limit";
    /// <summary>Args {"n"}; reply {"ok": "...", "concurrency": C}.</summary>
    public const string PoolGrow = "pool-grow";
    /// <summary>Args {"n"}; reply {"ok": "...", "concurrency": C}.</summary>
    public const string PoolShrink = "pool-shrink";
    /// <summary>Args {"queue"}; reply {"ok": "...", "queues": [...]}.</summary>
    public const string AddConsumer = "add-consumer";
    /// <summary>Args {"queue"}; reply {"ok": "...", "queues": [...]}.</summary>
    public const string CancelConsumer = "cancel-consumer";
    /// <summary>Args {}; reply {"ok": "..."}: the worker shuts down gracefully (its host stops).</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The inspect commands (read-only).</summary>
    public static IReadOnlyList<string> Inspect { get; } = [Ping, Active, Reserved, Scheduled, Registered, Stats];
}
