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
    /// <summary>The codec and compression asked for (enqueue options, task, defaults); null: plain JSON.</summary>
    public Jobs.Payloads.PayloadFormat? Format { get; init; }
    /// <summary>Encrypt the payload (the crypto layer's per-task choice).</summary>
    public bool Encrypt { get; init; }
    /// <summary>Set by <see cref="Jobs.Payloads.PayloadEnvelope.Seal"/>: the content type of <see cref="Payload"/>.</summary>
    public string ContentType { get; init; } = Jobs.Payloads.ContentTypes.Json;
    public string? ContentEncoding { get; init; }
    /// <summary>The arguments' exact bytes when the job is not plain JSON; then the row's args column is null.</summary>
    public byte[]? Payload { get; init; }
    public string? Signature { get; init; }
    /// <summary>The args column: <see cref="ArgsJson"/> for a plain job, null when it has a <see cref="Payload"/>.</summary>
    public string? ArgsColumn => Payload is null ? ArgsJson : null;
    /// <summary>The W3C trace context it is enqueued under (traceparent, optionally followed by tracestate); null: none.</summary>
    public string? TraceParent { get; init; }
}
