namespace Jobs;

/// <summary>What <c>jobs report</c> prints: the reporting views' figures over jobs finished since <see cref="Since"/>.</summary>
public sealed record JobsReport
{
    /// <summary>The start of the window (database clock); null: every stored job.</summary>
    public DateTimeOffset? Since { get; init; }
    /// <summary>Finished jobs per minute, queue and task (view <c>report_throughput</c>).</summary>
    public required IReadOnlyList<ThroughputRow> Throughput { get; init; }
    /// <summary>Counts, failure rate and run-time percentiles per queue and task (view <c>report_runtime</c>).</summary>
    public required IReadOnlyList<TaskRuntimeRow> Tasks { get; init; }
    /// <summary>Depth and age of the oldest waiting job per queue, now (view <c>report_queues</c>).</summary>
    public required IReadOnlyList<QueueDepthRow> Queues { get; init; }
}

/// <summary>Jobs that finished in one minute, by queue and task.</summary>
public sealed record ThroughputRow(DateTimeOffset Minute, string Queue, string Task, long Succeeded, long Failed, long Revoked);

/// <summary>
/// Finished jobs of one queue and task: counts, failure rate (failed / (succeeded + failed)), and the run time
/// (finished_at − started_at of the last attempt, in milliseconds) percentiles of SUCCESS and FAILURE jobs, with
/// linear interpolation between rows (PostgreSQL's percentile_cont).
/// </summary>
public sealed record TaskRuntimeRow(string Queue, string Task, long Succeeded, long Failed, long Revoked, double? FailureRate,
    double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs);

/// <summary>
/// One queue now: jobs waiting to run (PENDING and RETRY, and SCHEDULED whose time has come), scheduled for later,
/// running, and the age of the oldest waiting job (since it became due).
/// </summary>
public sealed record QueueDepthRow(string Queue, long Waiting, long Scheduled, long Running, DateTimeOffset? OldestWaitingSince, double? OldestWaitSeconds);
