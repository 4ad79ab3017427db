namespace Jobs;

/// <summary>A stored schedule (table <c>jobs.schedule</c>): its definition and timing, as <see cref="JobAdmin.ListSchedulesAsync"/> reads it.</summary>
public sealed record ScheduleEntry
{
    public required string Name { get; init; }
    public required string Task { get; init; }
    /// <summary>The arguments of the jobs it enqueues, as JSON text.</summary>
    public required string Args { get; init; }
    public required string Queue { get; init; }
    public short Priority { get; init; }
    /// <summary>The cron expression, or null for an interval schedule.</summary>
    public string? Cron { get; init; }
    /// <summary>The interval, or null for a cron schedule.</summary>
    public TimeSpan? Every { get; init; }
    public required string TimeZone { get; init; }
    public MissedSlots CatchUp { get; init; }
    public bool Enabled { get; init; }
    /// <summary>The next slot; null when a cron expression has none left.</summary>
    public DateTimeOffset? NextRunAt { get; init; }
    public DateTimeOffset? LastRunAt { get; init; }
    public Guid? LastJobId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
