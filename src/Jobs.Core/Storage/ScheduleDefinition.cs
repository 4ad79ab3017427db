namespace Jobs.Storage;

/// <summary>
/// A schedule's definition as stored: exactly one of <see cref="Cron"/> and <see cref="EveryMs"/>;
/// <see cref="CatchUp"/> is "once" or "skip" (see <see cref="Beat.ScheduleSlots"/>).
/// </summary>
internal sealed record ScheduleDefinition(
    string Name, string Task, string ArgsJson, string Queue, short Priority,
    string? Cron, long? EveryMs, string TimeZone, string CatchUp)
{
    public const string RunOnce = "once";
    public const string Skip = "skip";
}
