using Jobs.Storage;

namespace Jobs.Beat;

/// <summary>
/// The beat's statements in one transaction, for every store: declare schedules (the first slot computed on the
/// database clock), and fire due ones: claim them under a row lock (skipping those another beat holds), decide each
/// slot with <see cref="ScheduleSlots.Decide"/>, insert the jobs and advance next_run_at. Every slot fires at most
/// once however many beats run.
/// </summary>
internal static class ScheduleFiring
{
    /// <summary>Inserts new schedules and updates changed ones; a changed cron, interval or time zone restarts the timing. Returns how many were new or changed.</summary>
    public static async ValueTask<int> DeclareAsync(IStoreExecutor tx, IReadOnlyList<ScheduleDefinition> schedules)
    {
        var now = await tx.ClockNowAsync().ConfigureAwait(false);
        return await tx.ScheduleUpsertManyAsync(schedules.Select(s => new ScheduleUpsert(s, ScheduleSlots.First(s, now))).ToList()).ConfigureAwait(false);
    }

    /// <summary>Fires up to the request's limit of due schedules.</summary>
    public static async ValueTask<BeatRound> FireDueAsync(IStoreExecutor tx, BeatRequest request)
    {
        var now = await tx.ClockNowAsync().ConfigureAwait(false);
        var due = await tx.ScheduleDueListAsync(now, request.Limit).ConfigureAwait(false);
        var jobs = new List<NewJob>();
        var advances = new List<ScheduleAdvance>(due.Count);
        List<string>? refused = null;
        foreach (var (schedule, slot) in due)
        {
            var (fire, next) = ScheduleSlots.Decide(schedule, slot, now);
            if (fire && ScheduleRefusal.Why(schedule, request.MaxPayloadBytes) is { } why)
            {
                (refused ??= []).Add(why);
                fire = false;
            }
            var job = fire ? request.JobFor(schedule, slot) : null;
            if (job is not null) jobs.Add(job);
            advances.Add(new ScheduleAdvance(schedule.Name, next, job is null ? null : now, job?.Id));
        }
        if (advances.Count > 0) await tx.ScheduleAdvanceManyAsync(advances).ConfigureAwait(false);
        if (jobs.Count > 0) await tx.JobInsertManyAsync(jobs).ConfigureAwait(false);
        var nextDueIn = await tx.ScheduleNextDueDelayAsync().ConfigureAwait(false);
        return new BeatRound(jobs.Count, nextDueIn, refused);
    }
}
