using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Jobs;

/// <summary>
/// OpenTelemetry instrumentation (System.Diagnostics): an <see cref="ActivitySource"/> whose "enqueue TASK" producer span
/// is stored with the job (W3C trace context) and becomes the parent of the worker's "run TASK" consumer span, and a
/// <see cref="Meter"/> with counters and a run-time histogram. Subscribe with OpenTelemetry's
/// <c>AddSource(JobsTelemetry.Name)</c> and <c>AddMeter(JobsTelemetry.Name)</c>.
/// </summary>
public static class JobsTelemetry
{
    /// <summary>The name of the activity source and of the meter: "Jobs".</summary>
    public const string Name = "Jobs";

    internal static readonly ActivitySource Source = new(Name, typeof(JobsTelemetry).Assembly.GetName().Version?.ToString());
    internal static readonly Meter Meter = new(Name, typeof(JobsTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Jobs enqueued (tags: task, queue).</summary>
    internal static readonly Counter<long> Enqueued = Meter.CreateCounter<long>("jobs.enqueued", "{job}", "Jobs enqueued by this process.");
    /// <summary>Attempts ended and recorded (tags: task, queue, state: SUCCESS, FAILURE, RETRY).</summary>
    internal static readonly Counter<long> Completed = Meter.CreateCounter<long>("jobs.completed", "{attempt}", "Attempts this process's workers ended and recorded.");
    /// <summary>Run time of attempts (tags: task, queue, state).</summary>
    internal static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>("jobs.run.duration", "s", "Run time of attempts.");
    /// <summary>Jobs revoked while this process's workers held them, or expired at claim (tags: task, queue).</summary>
    internal static readonly Counter<long> Revoked = Meter.CreateCounter<long>("jobs.revoked", "{job}", "Jobs revoked or expired at a worker of this process.");

    /// <summary>
    /// Starts the producer span of an enqueue (of one job, a batch or a workflow) when someone listens: it becomes
    /// <see cref="Activity.Current"/>, whose id each job built meanwhile stores as its trace context.
    /// </summary>
    internal static Activity? StartEnqueue(string what)
    {
        if (!Source.HasListeners()) return null;
        var a = Source.StartActivity($"enqueue {what}", ActivityKind.Producer);
        a?.SetTag("messaging.system", "jobs");
        a?.SetTag("messaging.operation.type", "send");
        return a;
    }

    /// <summary>Starts the consumer span of an attempt, a child of the trace stored with the job (when valid).</summary>
    internal static Activity? StartRun(Storage.ClaimedJob job, string worker)
    {
        if (!Source.HasListeners()) return null;
        ActivityContext.TryParse(job.TraceParent, null, out var parent);
        var a = Source.StartActivity($"run {job.Task}", ActivityKind.Consumer, parent);
        if (a is null) return null;
        a.SetTag("messaging.system", "jobs");
        a.SetTag("messaging.destination.name", job.Queue);
        a.SetTag("messaging.message.id", job.Id.ToString());
        a.SetTag("jobs.task", job.Task);
        a.SetTag("jobs.attempt", job.Attempt);
        a.SetTag("jobs.worker", worker);
        return a;
    }
}
