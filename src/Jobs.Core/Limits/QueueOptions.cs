namespace Jobs;

/// <summary>Defaults of one queue, declared with <see cref="JobsOptions.ConfigureQueue"/>.</summary>
public sealed class QueueOptions
{
    /// <summary>At most this many jobs of the queue start per second, minute or hour across all workers: <c>10/s</c>, <c>100/m</c>, <c>1000/h</c>.</summary>
    public string? RateLimit { get; set; }
    /// <summary>The rate limit's burst (bucket capacity); default one second's worth, at least 1.</summary>
    public double? RateLimitBurst { get; set; }
    /// <summary>At most this many jobs of the queue run at once across all workers.</summary>
    public int? ConcurrencyLimit { get; set; }
}
