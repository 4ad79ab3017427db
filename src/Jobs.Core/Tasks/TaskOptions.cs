namespace Jobs;

/// <summary>Defaults of one task, set when it is registered with <c>AddTask</c>. A job's <see cref="EnqueueOptions"/> override them.</summary>
public sealed class TaskOptions
{
    /// <summary>After this long the job's cancellation token fires and <see cref="JobContext.SoftTimeLimitExceeded"/> is true. Default: the worker's.</summary>
    public TimeSpan? SoftTimeLimit { get; set; }
    /// <summary>After this long the attempt ends as FAILURE ("TimeLimitExceeded") whether or not the code stops. Default: the worker's.</summary>
    public TimeSpan? TimeLimit { get; set; }

    /// <summary>At most this many jobs of the task start per second, minute or hour across all workers: <c>10/s</c>, <c>100/m</c>, <c>1000/h</c>.</summary>
    public string? RateLimit { get; set; }
    /// <summary>The rate limit's burst (bucket capacity); default one second's worth, at least 1.</summary>
    public double? RateLimitBurst { get; set; }
    /// <summary>At most this many jobs of the task run at once across all workers.</summary>
    public int? ConcurrencyLimit { get; set; }

    /// <summary>Retries after the first attempt; default <see cref="JobsOptions.DefaultMaxRetries"/>. A job's <see cref="EnqueueOptions.MaxRetries"/> wins.</summary>
    public int? MaxRetries { get; set; }
    /// <summary>Base delay of the exponential retry backoff (delay n = base × 2^(n-1), at most <see cref="RetryBackoffMax"/>); default <see cref="JobsOptions.DefaultRetryBackoff"/>.</summary>
    public TimeSpan? RetryBackoff { get; set; }
    /// <summary>Upper bound of the retry delay; default <see cref="JobsOptions.DefaultRetryBackoffMax"/>.</summary>
    public TimeSpan? RetryBackoffMax { get; set; }
    /// <summary>A fixed delay before every retry instead of the exponential backoff (Celery's default_retry_delay); never jittered.</summary>
    public TimeSpan? RetryCountdown { get; set; }
    /// <summary>Spread retry delays randomly over the upper half of the backoff (Celery's retry_jitter); default the worker's <see cref="WorkerOptions.RetryJitter"/>.</summary>
    public bool? RetryJitter { get; set; }
    /// <summary>
    /// Only these exception types (and their subclasses) are retried; any other exception fails the job at once
    /// (Celery's autoretry_for). Null (default): every exception is retried while retries remain. A job's
    /// <see cref="EnqueueOptions.RetryFor"/> (type names) wins.
    /// </summary>
    public IReadOnlyList<Type>? RetryFor { get; set; }
    /// <summary>Makes every job of the task unique (see <see cref="UniqueOptions"/>); a job's <see cref="EnqueueOptions.Unique"/> wins.</summary>
    public UniqueOptions? Unique { get; set; }
    /// <summary>The wire format of the task's arguments and results; default <see cref="PayloadOptions.DefaultCodec"/>. A job's <see cref="EnqueueOptions.Codec"/> wins.</summary>
    public PayloadCodec? Codec { get; set; }
    /// <summary>The compression of the task's payloads above the threshold; default <see cref="PayloadOptions.DefaultCompression"/>. A job's <see cref="EnqueueOptions.Compression"/> wins.</summary>
    public PayloadCompression? Compression { get; set; }
    /// <summary>Encrypt the task's arguments and results with AES-256-GCM (needs a key in <c>JobsOptions.Payloads.Encryption</c>); a job's <see cref="EnqueueOptions.Encrypt"/> wins.</summary>
    public bool? Encrypt { get; set; }

    /// <summary>Validates the options of task <paramref name="name"/>: its time limits, retry policy, uniqueness, and its rate or concurrency limit if it declares one.</summary>
    internal static (TimeLimits Limits, Jobs.Limits.LimitDeclaration? Declared, TaskPolicy Policy) Build(string name, Action<TaskOptions>? configure)
    {
        if (configure is null) return (default, null, TaskPolicy.None);
        var o = new TaskOptions();
        configure(o);
        TimeLimits.Validate(o.SoftTimeLimit, o.TimeLimit, $"task '{name}'");
        return (new TimeLimits(o.SoftTimeLimit, o.TimeLimit),
            Jobs.Limits.LimitDeclaration.From(LimitScope.Task, name, o.RateLimit, o.RateLimitBurst, o.ConcurrencyLimit),
            TaskPolicy.From(name, o));
    }
}
