using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// A monitoring event, as Celery's: a task event (<c>task-sent</c> … <c>task-revoked</c>) or a worker event
/// (<c>worker-online</c>, <c>worker-heartbeat</c>, <c>worker-offline</c>). Fields that do not apply are null.
/// Delivered to in-process subscribers (<see cref="JobsOptions.OnEvent"/>) and, where enabled, stored in the events table.
/// </summary>
public sealed record JobEvent
{
    /// <summary>The event type, one of <see cref="JobEventTypes"/>.</summary>
    public required string Type { get; init; }
    /// <summary>When it happened (the emitting process's clock).</summary>
    public DateTimeOffset Timestamp { get; init; }
    /// <summary>The events table's sequence number (0 for an event not read from the table).</summary>
    public long Id { get; init; }

    /// <summary>The job (Celery's uuid).</summary>
    public Guid? JobId { get; init; }
    /// <summary>The task name.</summary>
    public string? Task { get; init; }
    /// <summary>The job's queue.</summary>
    public string? Queue { get; init; }
    /// <summary>The worker (Celery's hostname).</summary>
    public string? Worker { get; init; }
    /// <summary>The attempt number (Celery's retries + 1).</summary>
    public int? Attempt { get; init; }
    /// <summary>The arguments as JSON (task-sent, task-received).</summary>
    public string? Args { get; init; }
    /// <summary>When the job may run (task-sent, task-received), if in the future.</summary>
    public DateTimeOffset? Eta { get; init; }
    /// <summary>When the job expires (task-sent).</summary>
    public DateTimeOffset? Expires { get; init; }
    /// <summary>The workflow's root job and the job's parent, when it belongs to a workflow.</summary>
    public Guid? RootId { get; init; }
    /// <summary>The job whose outcome released this one (workflows).</summary>
    public Guid? ParentId { get; init; }
    /// <summary>Run time of the attempt in seconds (task-succeeded, task-failed, task-retried).</summary>
    public double? Runtime { get; init; }
    /// <summary>The result as JSON (task-succeeded).</summary>
    public string? Result { get; init; }
    /// <summary>"Type: message" of the failure (task-failed, task-retried), or the revoke reason (task-revoked).</summary>
    public string? Exception { get; init; }
    /// <summary>The failure's stack trace (task-failed, task-retried).</summary>
    public string? Traceback { get; init; }
    /// <summary>task-revoked: the running attempt was terminated.</summary>
    public bool? Terminated { get; init; }
    /// <summary>task-revoked: the job expired before it ran.</summary>
    public bool? Expired { get; init; }

    /// <summary>Worker events: the host name.</summary>
    public string? Hostname { get; init; }
    /// <summary>Worker events and task-started: the process id.</summary>
    public int? Pid { get; init; }
    /// <summary>Worker events: jobs running now.</summary>
    public int? Active { get; init; }
    /// <summary>Worker events: attempts ended since the worker started.</summary>
    public long? Processed { get; init; }
    /// <summary>Worker events: the heartbeat interval in seconds (Celery's freq).</summary>
    public double? Freq { get; init; }
    /// <summary>Worker events: the Jobs version (Celery's sw_ver).</summary>
    public string? Version { get; init; }
    /// <summary>worker-offline: why (e.g. "shutdown", "missed heartbeats").</summary>
    public string? Reason { get; init; }

    /// <summary>admin-action: who acted (the signed-in user's name, or how the request came).</summary>
    public string? User { get; init; }
    /// <summary>admin-action: what was done (e.g. retry, revoke, delete, pause, resume, schedule-trigger).</summary>
    public string? Action { get; init; }
    /// <summary>admin-action: what it was done to, in words (a filter, a queue, a schedule).</summary>
    public string? Target { get; init; }
    /// <summary>admin-action: how many jobs it changed.</summary>
    public long? Count { get; init; }

    /// <summary>True for task-* events.</summary>
    [JsonIgnore]
    public bool IsTaskEvent => Type.StartsWith("task-", StringComparison.Ordinal);
}
