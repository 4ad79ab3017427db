namespace Jobs;

/// <summary>Per-job options for <see cref="IJobClient.EnqueueAsync(string, object?, EnqueueOptions?, CancellationToken)"/>.</summary>
public sealed record EnqueueOptions
{
    /// <summary>Queue name; default <see cref="JobsOptions.DefaultQueue"/>.</summary>
    public string? Queue { get; init; }
    /// <summary>Higher runs first; default 0.</summary>
    public short? Priority { get; init; }
    /// <summary>Run no sooner than this long after enqueue (measured on the database's clock).</summary>
    public TimeSpan? Countdown { get; init; }
    /// <summary>Run no sooner than this instant.</summary>
    public DateTimeOffset? Eta { get; init; }
    /// <summary>Do not run once this long has passed since enqueue (database clock); the job is REVOKED with reason "expired".</summary>
    public TimeSpan? Expires { get; init; }
    /// <summary>Do not run after this instant; the job is REVOKED with reason "expired".</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>Retries after the first attempt; default <see cref="JobsOptions.DefaultMaxRetries"/>.</summary>
    public int? MaxRetries { get; init; }
    /// <summary>Base delay of the exponential retry backoff (delay n = base × 2^(n-1), with jitter).</summary>
    public TimeSpan? RetryBackoff { get; init; }
    /// <summary>Upper bound of the retry delay.</summary>
    public TimeSpan? RetryBackoffMax { get; init; }
    /// <summary>A fixed delay before every retry instead of the exponential backoff; never jittered. Give it or <see cref="RetryBackoff"/>, not both.</summary>
    public TimeSpan? RetryCountdown { get; init; }
    /// <summary>
    /// Only exceptions of these type names are retried, others fail the job at once. A name matches the exception's
    /// type or any of its base types, by short name (<c>TimeoutException</c>) or full name (<c>System.TimeoutException</c>).
    /// Stored with the job; null: the task's <see cref="TaskOptions.RetryFor"/>.
    /// </summary>
    public IReadOnlyList<string>? RetryFor { get; init; }
    /// <summary>Makes the job unique (see <see cref="UniqueOptions"/>): a duplicate enqueue returns the existing job. Default the task's <see cref="TaskOptions.Unique"/>.</summary>
    public UniqueOptions? Unique { get; init; }
    /// <summary>Encrypt this job's arguments and result with AES-256-GCM (needs a key in <c>JobsOptions.Payloads.Encryption</c>). Default the task's <see cref="TaskOptions.Encrypt"/>.</summary>
    public bool? Encrypt { get; init; }
    /// <summary>Soft time limit: after this long the job's cancellation token fires and <see cref="JobContext.SoftTimeLimitExceeded"/> is true; default the task's, then the worker's.</summary>
    public TimeSpan? SoftTimeLimit { get; init; }
    /// <summary>Hard time limit: after this long the attempt ends as FAILURE ("TimeLimitExceeded"), not retried; default the task's, then the worker's.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>The wire format of the job's arguments and result; default the task's <see cref="TaskOptions.Codec"/>, then <see cref="PayloadOptions.DefaultCodec"/>.</summary>
    public PayloadCodec? Codec { get; init; }
    /// <summary>The compression of the job's payloads above the threshold; default the task's, then <see cref="PayloadOptions.DefaultCompression"/>.</summary>
    public PayloadCompression? Compression { get; init; }
    /// <summary>The job id; default a new UUIDv7. Supplying it makes a retried enqueue idempotent.</summary>
    public Guid? Id { get; init; }
}
