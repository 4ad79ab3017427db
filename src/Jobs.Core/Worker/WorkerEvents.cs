using Jobs.Monitoring;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// What a worker tells of the attempts it holds: task events (received, started, succeeded, failed, retried, revoked)
/// for the event hub, the revoked signal and metric, and the outcome counters that heartbeats and <c>inspect stats</c> report.
/// </summary>
internal sealed class WorkerEvents(string worker, JobEventHub? hub, bool send, JobSignals signals, TimeProvider time, ILogger log)
{
    private long _succeeded, _failed, _retried;

    /// <summary>Whether the worker sends its events to the events table (the option), whoever else listens.</summary>
    public bool Sends => send;

    public (long Succeeded, long Failed, long Retried) Outcomes => (Interlocked.Read(ref _succeeded), Interlocked.Read(ref _failed), Interlocked.Read(ref _retried));

    /// <summary>Whether anyone hears task-revoked (an event subscriber or a signal handler); if not, lost leases need no look-up.</summary>
    public bool WantsRevoked => Wanted || signals.HasRevokedHandlers;

    private bool Wanted => hub?.Wants(send) == true;

    public void Received(ClaimedJob job)
    {
        if (!Wanted) return;
        hub!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskReceived, Timestamp = time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = worker, Attempt = job.Attempt, Args = job.ArgsJson,
        }, send);
    }

    public void Started(ClaimedJob job)
    {
        if (!Wanted) return;
        hub!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskStarted, Timestamp = time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = worker, Attempt = job.Attempt, Pid = Environment.ProcessId,
        }, send);
    }

    /// <summary>Outcomes the store recorded: counted, and reported as task-succeeded, task-failed or task-retried.</summary>
    public void Ended(IReadOnlyList<WrittenOutcome> written)
    {
        foreach (var (o, _) in written)
        {
            if (o.Kind == OutcomeKind.Success) Interlocked.Increment(ref _succeeded);
            else if (o.Kind == OutcomeKind.Retry) Interlocked.Increment(ref _retried);
            else Interlocked.Increment(ref _failed);
        }
        if (written.Count == 0 || !Wanted) return;
        var now = time.GetUtcNow();
        foreach (var (o, attempt) in written)
        {
            hub!.Publish(new JobEvent
            {
                Type = o.Kind switch { OutcomeKind.Success => JobEventTypes.TaskSucceeded, OutcomeKind.Retry => JobEventTypes.TaskRetried, _ => JobEventTypes.TaskFailed },
                Timestamp = now, JobId = o.Id, Task = attempt?.Job.Task, Queue = attempt?.Job.Queue, Worker = worker, Attempt = o.Attempt,
                Runtime = attempt?.Runtime?.TotalSeconds, Result = o.ResultJson, Exception = o.Error, Traceback = o.Traceback,
                Eta = o.Kind == OutcomeKind.Retry ? now + o.RetryDelay : null,
            }, send);
        }
    }

    public void Revoked(ClaimedJob job, bool terminated, bool expired)
    {
        if (JobsTelemetry.Revoked.Enabled) JobsTelemetry.Revoked.Add(1, new("task", job.Task), new("queue", job.Queue));
        signals.RaiseRevoked(new RevokedSignal(job.Id, job.Task, worker, terminated, expired), log);
        if (!Wanted) return;
        hub!.Publish(new JobEvent
        {
            Type = JobEventTypes.TaskRevoked, Timestamp = time.GetUtcNow(), JobId = job.Id, Task = job.Task, Queue = job.Queue,
            Worker = worker, Attempt = job.Attempt, Terminated = terminated, Expired = expired,
        }, send);
    }
}
