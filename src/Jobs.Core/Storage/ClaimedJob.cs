namespace Jobs.Storage;

/// <summary>A job a worker claimed. When <see cref="Expired"/> the claim already recorded it REVOKED ("expired") and it must not run.</summary>
internal sealed record ClaimedJob
{
    public required Guid Id { get; init; }
    public required string Task { get; init; }
    public required string Queue { get; init; }
    public short Priority { get; init; }
    /// <summary>The args column: null when the job has a <see cref="Payload"/> (the runner opens it into this).</summary>
    public string? ArgsJson { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public int RetryBackoffMs { get; init; }
    public int RetryBackoffMaxMs { get; init; }
    public bool Expired { get; init; }
    /// <summary>The job's own soft time limit in milliseconds; null: the task's or worker's.</summary>
    public int? SoftTimeLimitMs { get; init; }
    /// <summary>The job's own hard time limit in milliseconds; null: the task's or worker's.</summary>
    public int? TimeLimitMs { get; init; }
    /// <summary>The job's own retryable exception type names; null: the task's policy.</summary>
    public IReadOnlyList<string>? RetryFor { get; init; }
    /// <summary>Not part of a workflow (no root): nothing waits for it. See <see cref="JobOutcome.Standalone"/>.</summary>
    public bool Standalone { get; init; }
    public string ContentType { get; init; } = Jobs.Payloads.ContentTypes.Json;
    public string? ContentEncoding { get; init; }
    public byte[]? Payload { get; init; }
    public string? Signature { get; init; }
    /// <summary>What a workflow step with a payload was fed by its parent or group (JSON); null: nothing.</summary>
    public string? WorkflowInput { get; init; }
    /// <summary>The W3C trace context it was enqueued under (see <see cref="NewJob.TraceParent"/>); null: none.</summary>
    public string? TraceParent { get; init; }
}
