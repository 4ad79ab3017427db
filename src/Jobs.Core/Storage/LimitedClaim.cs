namespace Jobs.Storage;

/// <summary>
/// What a limited claim got: the jobs, whether any active limit applies to the worker's queues at all (when none
/// does, the worker skips limited claims for a while), when the next token arrives or a limited job falls due (so
/// the worker sleeps until then), and whether a concurrency limit is full (so a finishing job should wake it).
/// </summary>
internal sealed record LimitedClaim(IReadOnlyList<ClaimedJob> Jobs, bool LimitsFound, TimeSpan? WakeIn, bool SlotsFull)
{
    public static readonly LimitedClaim None = new([], false, null, false);

    /// <summary>The result of a claim that found active limits: wake at the next token or the next limited job's run time, whichever comes first.</summary>
    public static LimitedClaim Of(IReadOnlyList<ClaimedJob> jobs, Limits.LimitPlan plan, TimeSpan? nextRun)
    {
        var token = plan.NextTokenIn;
        var wake = token is null ? nextRun : nextRun is null ? token : token < nextRun ? token : nextRun;
        return new LimitedClaim(jobs, true, wake, plan.SlotsFull);
    }
}
