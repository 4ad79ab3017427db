namespace Jobs;

/// <summary>The event types (Celery's names).</summary>
public static class JobEventTypes
{
    /// <summary>A job was enqueued (by a client that stores events).</summary>
    public const string TaskSent = "task-sent";
    /// <summary>A worker claimed the job.</summary>
    public const string TaskReceived = "task-received";
    /// <summary>A worker started running an attempt.</summary>
    public const string TaskStarted = "task-started";
    /// <summary>The job succeeded.</summary>
    public const string TaskSucceeded = "task-succeeded";
    /// <summary>The job failed (its last attempt).</summary>
    public const string TaskFailed = "task-failed";
    /// <summary>An attempt failed and the job will run again.</summary>
    public const string TaskRetried = "task-retried";
    /// <summary>The job was revoked (or expired).</summary>
    public const string TaskRevoked = "task-revoked";
    /// <summary>A worker started.</summary>
    public const string WorkerOnline = "worker-online";
    /// <summary>A worker is alive (every heartbeat interval).</summary>
    public const string WorkerHeartbeat = "worker-heartbeat";
    /// <summary>A worker stopped, or missed its heartbeats.</summary>
    public const string WorkerOffline = "worker-offline";
    /// <summary>A person changed something through an administration tool (a dashboard's retry, pause, schedule edit): <see cref="JobEvent.User"/> did <see cref="JobEvent.Action"/>.</summary>
    public const string AdminAction = "admin-action";

    /// <summary>Every type, in lifecycle order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [TaskSent, TaskReceived, TaskStarted, TaskSucceeded, TaskFailed, TaskRetried, TaskRevoked, WorkerOnline, WorkerHeartbeat, WorkerOffline, AdminAction];
}
