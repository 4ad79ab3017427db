namespace Jobs.Storage;

/// <summary>A job to insert. Relative times (<see cref="Delay"/>, <see cref="ExpiresIn"/>) are resolved by the store against the database clock.</summary>
internal sealed record NewJob
{
    public required Guid Id { get; init; }
    /// <summary>The caller chose the id (<see cref="EnqueueOptions.Id"/>), so it may exist already: the insert must skip it.</summary>
    public bool CallerChoseId { get; init; }
    public required string Task { get; init; }
    public required string Queue { get; init; }
    public short Priority { get; init; }
    public required string ArgsJson { get; init; }
    /// <summary>Absolute run time; when null, now (database clock) plus <see cref="Delay"/>.</summary>
    public DateTimeOffset? RunAt { get; init; }
    public TimeSpan Delay { get; init; }
    /// <summary>Absolute expiry; when null, now plus <see cref="ExpiresIn"/> when that is set.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    public TimeSpan? ExpiresIn { get; init; }
    public int MaxAttempts { get; init; }
    public int RetryBackoffMs { get; init; }
    public int RetryBackoffMaxMs { get; init; }
    /// <summary>The job's own soft time limit in milliseconds; null: the task's or worker's.</summary>
    public int? SoftTimeLimitMs { get; init; }
    /// <summary>The job's own hard time limit in milliseconds; null: the task's or worker's.</summary>
    public int? TimeLimitMs { get; init; }
    /// <summary>The job's own retryable exception type names; null: the task's policy.</summary>
    public IReadOnlyList<string>? RetryFor { get; init; }
    /// <summary>Set for a unique job: the store returns the holder's id instead of inserting a duplicate.</summary>
    public NewJobUnique? Unique { get; init; }
    /// <summary>The W3C trace context it is enqueued under (traceparent, optionally followed by tracestate); null: none.</summary>
    public string? TraceParent { get; init; }
}
