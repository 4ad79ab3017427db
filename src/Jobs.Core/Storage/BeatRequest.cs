namespace Jobs.Storage;

/// <summary>
/// One beat round: fire up to <see cref="Limit"/> due schedules, enqueueing jobs with these retry settings, sealed
/// (signed) by <see cref="Seal"/>; a schedule whose arguments are over <see cref="MaxPayloadBytes"/> or whose names are
/// invalid (a row written by SQL) is refused.
/// </summary>
internal sealed record BeatRequest(int Limit, int MaxAttempts, int RetryBackoffMs, int RetryBackoffMaxMs,
    int MaxPayloadBytes = PayloadLimits.DefaultBytes, Func<NewJob, NewJob>? Seal = null)
{
    /// <summary>The job that schedule <paramref name="s"/> enqueues for its slot <paramref name="slot"/> (run_at = the slot).</summary>
    public NewJob JobFor(ScheduleDefinition s, DateTimeOffset slot) => Seal is null ? Plain(s, slot) : Seal(Plain(s, slot));

    private NewJob Plain(ScheduleDefinition s, DateTimeOffset slot) => new()
    {
        Id = JobIds.Next(),
        Task = s.Task,
        Queue = s.Queue,
        Priority = s.Priority,
        ArgsJson = s.ArgsJson,
        RunAt = slot,
        MaxAttempts = MaxAttempts,
        RetryBackoffMs = RetryBackoffMs,
        RetryBackoffMaxMs = RetryBackoffMaxMs,
    };
}

/// <summary>
/// What a beat round did: jobs fired, the database clock's wait until the earliest enabled schedule is due (null: none),
/// and why due slots were not fired (<see cref="Beat.ScheduleRefusal"/>; their timing still moved on).
/// </summary>
internal sealed record BeatRound(int Fired, TimeSpan? NextDueIn, IReadOnlyList<string>? Refused = null);
