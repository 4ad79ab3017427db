namespace Jobs;

/// <summary>A limit as stored in the <c>job_limit</c> table (read by <c>jobs limits</c>).</summary>
public sealed record JobLimit
{
    public required LimitScope Scope { get; init; }
    public required string Name { get; init; }
    /// <summary>The rate limit (<c>10/s</c>), if any.</summary>
    public string? Rate { get; init; }
    /// <summary>The bucket's capacity, when rate limited.</summary>
    public double? Burst { get; init; }
    /// <summary>Tokens in the bucket when it was last refilled (a claim refills it first).</summary>
    public double? Tokens { get; init; }
    /// <summary>At most this many jobs of the task or queue run at once across all workers.</summary>
    public int? MaxRunning { get; init; }
    /// <summary>Jobs of the task or queue running now.</summary>
    public long Running { get; init; }
    /// <summary>The limit last declared in code (what a restart compares with), e.g. <c>rate=10/s burst=10 max_running=2</c>.</summary>
    public string? Declared { get; init; }
}
