namespace Jobs;

/// <summary>When and how a declared schedule enqueues its task. Set exactly one of <see cref="Cron"/> and <see cref="Every"/>.</summary>
public sealed class ScheduleOptions
{
    /// <summary>A cron expression: five fields (minute hour day-of-month month day-of-week) or six with leading seconds.</summary>
    public string? Cron { get; set; }
    /// <summary>A fixed interval between runs (at least one millisecond).</summary>
    public TimeSpan? Every { get; set; }
    /// <summary>The IANA time zone <see cref="Cron"/> is read in. Default "UTC".</summary>
    public string TimeZone { get; set; } = "UTC";
    /// <summary>The queue of the enqueued jobs; null means <see cref="JobsOptions.DefaultQueue"/>.</summary>
    public string? Queue { get; set; }
    /// <summary>The priority of the enqueued jobs. Default 0.</summary>
    public short Priority { get; set; }
    /// <summary>What to do about missed slots. Default <see cref="MissedSlots.RunOnce"/>.</summary>
    public MissedSlots CatchUp { get; set; } = MissedSlots.RunOnce;
}
