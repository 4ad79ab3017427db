using Microsoft.Extensions.Logging;

namespace Jobs;

/// <summary>
/// Celery's signals: synchronous in-process hooks, raised where the thing happens (the publishing client, the worker
/// running the attempt). Subscribe on <see cref="JobsOptions.Signals"/> inside <c>AddJobs</c>. A handler's exception is
/// logged and ignored; handlers must be quick. Order of an attempt: prerun, then success, failure or retry, then postrun.
/// </summary>
public sealed class JobSignals
{
    /// <summary>Before a job is inserted (a single enqueue or each job of a batch).</summary>
    public event Action<PublishSignal>? BeforePublish;
    /// <summary>After a job was inserted (committed, unless it joined the caller's transaction).</summary>
    public event Action<PublishSignal>? AfterPublish;
    /// <summary>An attempt is about to run.</summary>
    public event Action<TaskSignal>? TaskPrerun;
    /// <summary>An attempt ended (any way but the worker giving it up).</summary>
    public event Action<TaskSignal>? TaskPostrun;
    /// <summary>An attempt succeeded.</summary>
    public event Action<TaskSignal>? TaskSuccess;
    /// <summary>The job failed (its last attempt, or a failure that is not retried).</summary>
    public event Action<TaskSignal>? TaskFailure;
    /// <summary>An attempt failed and the job will run again.</summary>
    public event Action<TaskSignal>? TaskRetry;
    /// <summary>A job this worker held was revoked (or expired when claimed).</summary>
    public event Action<RevokedSignal>? TaskRevoked;
    /// <summary>A worker started: its components run and it claims jobs.</summary>
    public event Action<WorkerSignal>? WorkerReady;
    /// <summary>A worker is shutting down (before its components stop).</summary>
    public event Action<WorkerSignal>? WorkerShutdown;

    internal bool HasTaskHandlers => TaskPrerun is not null || TaskPostrun is not null || TaskSuccess is not null || TaskFailure is not null || TaskRetry is not null;
    internal bool HasPublishHandlers => BeforePublish is not null || AfterPublish is not null;
    internal bool HasRevokedHandlers => TaskRevoked is not null;

    internal void RaiseBeforePublish(PublishSignal s, ILogger log) => Raise(BeforePublish, s, log, nameof(BeforePublish));
    internal void RaiseAfterPublish(PublishSignal s, ILogger log) => Raise(AfterPublish, s, log, nameof(AfterPublish));
    internal void RaisePrerun(TaskSignal s, ILogger log) => Raise(TaskPrerun, s, log, nameof(TaskPrerun));
    internal void RaisePostrun(TaskSignal s, ILogger log) => Raise(TaskPostrun, s, log, nameof(TaskPostrun));
    internal void RaiseSuccess(TaskSignal s, ILogger log) => Raise(TaskSuccess, s, log, nameof(TaskSuccess));
    internal void RaiseFailure(TaskSignal s, ILogger log) => Raise(TaskFailure, s, log, nameof(TaskFailure));
    internal void RaiseRetry(TaskSignal s, ILogger log) => Raise(TaskRetry, s, log, nameof(TaskRetry));
    internal void RaiseRevoked(RevokedSignal s, ILogger log) => Raise(TaskRevoked, s, log, nameof(TaskRevoked));
    internal void RaiseWorkerReady(WorkerSignal s, ILogger log) => Raise(WorkerReady, s, log, nameof(WorkerReady));
    internal void RaiseWorkerShutdown(WorkerSignal s, ILogger log) => Raise(WorkerShutdown, s, log, nameof(WorkerShutdown));

    private static void Raise<T>(Action<T>? handlers, T signal, ILogger log, string name)
    {
        if (handlers is null) return;
        foreach (var h in handlers.GetInvocationList())
        {
            try { ((Action<T>)h)(signal); }
            catch (Exception ex) { log.LogWarning(ex, "A {Signal} signal handler failed; ignored.", name); }
        }
    }
}

/// <summary>A job being published: its id, task, queue and JSON arguments.</summary>
public sealed record PublishSignal(Guid Id, string Task, string Queue, string ArgsJson, DateTimeOffset? Eta);

/// <summary>
/// An attempt: its context (id, task, queue, attempt, worker), and once it ended its state (SUCCESS, FAILURE or RETRY),
/// its JSON result or its exception.
/// </summary>
public sealed record TaskSignal(JobContext Context, string? State = null, string? ResultJson = null, Exception? Exception = null, string? Error = null);

/// <summary>A revoked job a worker held (<see cref="Terminated"/>: it was running) or that expired when claimed.</summary>
public sealed record RevokedSignal(Guid Id, string Task, string Worker, bool Terminated, bool Expired);

/// <summary>A worker of this host.</summary>
public sealed record WorkerSignal(string Worker, IReadOnlyList<string> Queues);
