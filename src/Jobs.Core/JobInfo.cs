namespace Jobs;

/// <summary>A snapshot of one stored job, as read from the <c>jobs.job</c> table.</summary>
public sealed record JobInfo
{
    public required Guid Id { get; init; }
    public required string Task { get; init; }
    public required string Queue { get; init; }
    public short Priority { get; init; }
    /// <summary>The stored state (may be SCHEDULED); see <see cref="CeleryState"/>.</summary>
    public required string State { get; init; }
    /// <summary>The state as Celery names it (SCHEDULED reads as PENDING).</summary>
    public string CeleryState => JobState.ToCelery(State);
    /// <summary>Arguments as JSON text (decoded from the payload when the job uses another codec; see <see cref="PayloadError"/>).</summary>
    public required string Args { get; init; }
    /// <summary>Result as JSON text, once SUCCESS (decoded from the result payload when the job uses another codec).</summary>
    public string? Result { get; init; }
    /// <summary>Error ("Type: message") for FAILURE and RETRY, or the reason for REVOKED (e.g. "expired").</summary>
    public string? Error { get; init; }
    /// <summary>The exception's full text (stack trace) for FAILURE and RETRY.</summary>
    public string? Traceback { get; init; }
    public int Attempt { get; init; }
    public int MaxAttempts { get; init; }
    public DateTimeOffset RunAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    public string? Worker { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>True when it was revoked with terminate: the process pool kills the process running it.</summary>
    public bool TerminateRequested { get; init; }
    /// <summary>The job's trace context: the W3C traceparent (optionally followed by tracestate) it was enqueued under; null: none.</summary>
    public string? TraceParent { get; init; }
    /// <summary>The workflow job whose end releases this one (a chain's previous step, or the job an errback watches).</summary>
    public Guid? ParentId { get; init; }
    /// <summary>The group whose completion releases this one (a chord's callback).</summary>
    public Guid? ParentGroupId { get; init; }
    /// <summary>The first job of its workflow; null for a job enqueued on its own.</summary>
    public Guid? RootId { get; init; }
    /// <summary>The group it is a member of.</summary>
    public Guid? GroupId { get; init; }
    /// <summary>The wire format of its arguments and result (application/json, application/x-msgpack, application/x-yaml).</summary>
    public string ContentType { get; init; } = Payloads.ContentTypes.Json;
    /// <summary>The transforms applied after encoding, in order, joined by "+" (gzip, zlib, br, bzip2, aes256gcm:&lt;key id&gt;); null: none.</summary>
    public string? ContentEncoding { get; init; }
    /// <summary>Why <see cref="Args"/> or <see cref="Result"/> could not be decoded (then they read "null"); null when they were.</summary>
    public string? PayloadError { get; init; }
    /// <summary>True when the job's arguments were signed.</summary>
    public bool Signed => Signature is not null;
    /// <summary>
    /// For a signed job, whether its signature verified in this process: "verified with key &lt;id&gt;", the reason it
    /// did not ("SignatureInvalid: ..."), or that this process holds no key to check it; null when unsigned.
    /// </summary>
    public string? SignatureCheck { get; init; }
    internal byte[]? Payload { get; init; }
    internal string? Signature { get; init; }
    internal byte[]? ResultPayload { get; init; }
    internal string? ResultSignature { get; init; }
    /// <summary>True once the job is SUCCESS, FAILURE or REVOKED.</summary>
    public bool IsReady => JobState.IsReady(State);
}
