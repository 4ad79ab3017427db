namespace Jobs;

/// <summary>A task's retry and uniqueness defaults, from its <see cref="TaskOptions"/>; a job's <see cref="EnqueueOptions"/> override them.</summary>
internal sealed record TaskPolicy
{
    public static readonly TaskPolicy None = new();

    public int? MaxRetries { get; init; }
    public TimeSpan? RetryBackoff { get; init; }
    public TimeSpan? RetryBackoffMax { get; init; }
    public TimeSpan? RetryCountdown { get; init; }
    public bool? RetryJitter { get; init; }
    /// <summary>Exception types retried (with their subclasses); null: every exception.</summary>
    public IReadOnlyList<Type>? RetryFor { get; init; }
    public UniqueOptions? Unique { get; init; }
    public PayloadCodec? Codec { get; init; }
    public PayloadCompression? Compression { get; init; }
    /// <summary>Encrypt the task's arguments and results (AES-256-GCM).</summary>
    public bool? Encrypt { get; init; }

    public static TaskPolicy From(string name, TaskOptions o)
    {
        var what = $"task '{name}'";
        RetryRules.Validate(o.MaxRetries, o.RetryBackoff, o.RetryBackoffMax, o.RetryCountdown, what);
        if (o.RetryFor is { } types)
            foreach (var t in types)
                if (t is null || !typeof(Exception).IsAssignableFrom(t))
                    throw new ArgumentException($"RetryFor of {what} must list exception types; {t?.FullName ?? "null"} is not one.");
        if (o.Unique is { } u) RetryRules.ValidateUnique(u, what);
        return new TaskPolicy
        {
            MaxRetries = o.MaxRetries, RetryBackoff = o.RetryBackoff, RetryBackoffMax = o.RetryBackoffMax, RetryCountdown = o.RetryCountdown,
            RetryJitter = o.RetryJitter, RetryFor = o.RetryFor?.ToArray(), Unique = o.Unique,
            Codec = o.Codec, Compression = o.Compression, Encrypt = o.Encrypt,
        };
    }
}
