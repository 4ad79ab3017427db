namespace Jobs.Storage;

/// <summary>Periodic tasks: the beat and the management of schedules.</summary>
internal interface IScheduleStore
{
    /// <summary>
    /// Inserts new schedules (first slot from <see cref="Beat.ScheduleSlots.First"/>) and updates changed ones; a changed
    /// cron, interval or time zone restarts the timing, other changes keep next_run_at. Returns how many were new or changed.
    /// </summary>
    Task<int> UpsertSchedulesAsync(IReadOnlyList<ScheduleDefinition> schedules, CancellationToken ct);

    /// <summary>
    /// In one transaction: claims due enabled schedules under a row lock (skipping those another beat holds), decides each
    /// slot with <see cref="Beat.ScheduleSlots.Decide"/> on the database clock, inserts the jobs and advances next_run_at,
    /// then wakes workers as enqueue does. Every slot fires at most once however many beats run.
    /// </summary>
    Task<BeatRound> FireDueSchedulesAsync(BeatRequest request, CancellationToken ct);

    /// <summary>All schedules, ordered by name.</summary>
    Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken ct);

    /// <summary>Deletes a schedule; false when there was none of that name.</summary>
    Task<bool> RemoveScheduleAsync(string name, CancellationToken ct);

    /// <summary>Pauses or resumes a schedule; false when there was none of that name.</summary>
    Task<bool> SetScheduleEnabledAsync(string name, bool enabled, CancellationToken ct);
}
