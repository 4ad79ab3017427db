namespace Jobs.Storage;

/// <summary>
/// What a limited claim got: the jobs, whether limited work may remain for the worker's queues (false when no active
/// limit applies, or every limit had room and no limited job was waiting or scheduled: the worker then skips limited
/// claims for a while), when the next token arrives or a limited job falls due (so the worker sleeps until then), and
/// whether a concurrency limit is full (so a finishing job should wake it).
/// </summary>
internal sealed record LimitedClaim(IReadOnlyList<ClaimedJob> Jobs, bool LimitedWorkLeft, TimeSpan? WakeIn, bool SlotsFull)
{
    public static readonly LimitedClaim None = new([], false, null, false);

    /// <summary>The result of a claim that found active limits: wake at the next token or the next limited job's run time, whichever comes first.</summary>
    public static LimitedClaim Of(IReadOnlyList<ClaimedJob> jobs, Limits.LimitPlan plan, TimeSpan? nextRun)
    {
        var token = plan.NextTokenIn;
        var wake = token is null ? nextRun : nextRun is null ? token : token < nextRun ? token : nextRun;
        return new LimitedClaim(jobs, jobs.Count > 0 || !plan.AllOpen || nextRun is not null, wake, plan.SlotsFull);
    }
}
