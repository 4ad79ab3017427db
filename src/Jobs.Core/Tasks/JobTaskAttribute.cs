namespace Jobs;

/// <summary>
/// Names the task an <see cref="IJob{TArgs,TResult}"/> class implements, so <see cref="JobsOptions.AddTasksFrom"/>
/// (and <c>jobs worker -A</c>) can register it by scanning its assembly.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobTaskAttribute(string name) : Attribute
{
    /// <summary>The task's stable name, e.g. <c>reports.generate</c>.</summary>
    public string Name { get; } = name;
    /// <summary>The task's rate limit, e.g. <c>10/s</c>, <c>100/m</c>, <c>1000/h</c> (see <see cref="TaskOptions.RateLimit"/>).</summary>
    public string? RateLimit { get; set; }
    /// <summary>At most this many jobs of the task run at once across all workers; 0: no limit.</summary>
    public int ConcurrencyLimit { get; set; }
}
