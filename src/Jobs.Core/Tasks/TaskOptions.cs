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

    /// <summary>Validates the options of task <paramref name="name"/>: its time limits, and its rate or concurrency limit if it declares one.</summary>
    internal static (TimeLimits Limits, Jobs.Limits.LimitDeclaration? Declared) Build(string name, Action<TaskOptions>? configure)
    {
        if (configure is null) return default;
        var o = new TaskOptions();
        configure(o);
        TimeLimits.Validate(o.SoftTimeLimit, o.TimeLimit, $"task '{name}'");
        return (new TimeLimits(o.SoftTimeLimit, o.TimeLimit),
            Jobs.Limits.LimitDeclaration.From(LimitScope.Task, name, o.RateLimit, o.RateLimitBurst, o.ConcurrencyLimit));
    }
}
