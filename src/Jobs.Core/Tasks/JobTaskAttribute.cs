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
}
