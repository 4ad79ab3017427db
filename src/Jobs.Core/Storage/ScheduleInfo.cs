namespace Jobs.Storage;

/// <summary>A stored schedule with its state; <see cref="NextRunAt"/> is null when the cron expression has no further slot.</summary>
internal sealed record ScheduleInfo(
    ScheduleDefinition Definition, bool Enabled, DateTimeOffset? NextRunAt, DateTimeOffset? LastRunAt, Guid? LastJobId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
