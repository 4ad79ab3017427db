namespace Jobs;

/// <summary>Defaults of one task, set when it is registered with <c>AddTask</c>. A job's <see cref="EnqueueOptions"/> override them.</summary>
public sealed class TaskOptions
{
    /// <summary>After this long the job's cancellation token fires and <see cref="JobContext.SoftTimeLimitExceeded"/> is true. Default: the worker's.</summary>
    public TimeSpan? SoftTimeLimit { get; set; }
    /// <summary>After this long the attempt ends as FAILURE ("TimeLimitExceeded") whether or not the code stops. Default: the worker's.</summary>
    public TimeSpan? TimeLimit { get; set; }

    internal static TimeLimits Build(string name, Action<TaskOptions>? configure)
    {
        if (configure is null) return default;
        var o = new TaskOptions();
        configure(o);
        TimeLimits.Validate(o.SoftTimeLimit, o.TimeLimit, $"task '{name}'");
        return new TimeLimits(o.SoftTimeLimit, o.TimeLimit);
    }
}
