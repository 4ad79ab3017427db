using Jobs.Storage;

namespace Jobs.Beat;

/// <summary>A schedule declared with <see cref="JobsOptions.AddSchedule"/>; arguments are serialized when the beat starts (with the final JSON options).</summary>
internal sealed record DeclaredSchedule(string Name, string Task, object? Args, ScheduleOptions Options)
{
    public ScheduleDefinition ToDefinition(JobsOptions jobs, JobSerializer serializer) => new(
        Name, Task, serializer.SerializeArgs(Task, Args), Options.Queue ?? jobs.DefaultQueue, Options.Priority,
        Options.Cron?.Trim(), Options.Every is { } e ? (long)e.TotalMilliseconds : null, Options.TimeZone,
        Options.CatchUp == MissedSlots.Skip ? ScheduleDefinition.Skip : ScheduleDefinition.RunOnce);
}
