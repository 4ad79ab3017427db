using Jobs.Storage;

namespace Jobs.Beat;

/// <summary>A schedule declared with <see cref="JobsOptions.AddSchedule"/>; arguments are serialized when the beat starts (with the final JSON options).</summary>
internal sealed record DeclaredSchedule(string Name, string Task, object? Args, ScheduleOptions Options)
{
    /// <summary>The stored definition; throws <see cref="ArgumentException"/> for an invalid name or oversize arguments.</summary>
    public ScheduleDefinition ToDefinition(JobsOptions jobs, JobSerializer serializer)
    {
        JobNames.ValidateSchedule(Name, "name");
        JobNames.ValidateTask(Task, "task");
        var args = serializer.SerializeArgs(Task, Args);
        PayloadLimits.CheckArgs(jobs, Task, args);
        return new(
            Name, Task, args, JobNames.ValidateQueue(Options.Queue ?? jobs.DefaultQueue), Options.Priority,
            Options.Cron?.Trim(), Options.Every is { } e ? (long)e.TotalMilliseconds : null, Options.TimeZone,
            Options.CatchUp == MissedSlots.Skip ? ScheduleDefinition.Skip : ScheduleDefinition.RunOnce);
    }
}
