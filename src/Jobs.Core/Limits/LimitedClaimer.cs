using Jobs.Storage;

namespace Jobs.Limits;

/// <summary>
/// The limited claim, in one transaction for every store: locks the active limit rows (scope, name order) with their
/// running counts, lets <see cref="LimitPlan"/> choose among the waiting jobs (skipping rows other claimers hold),
/// leases the chosen ones at the clock the buckets were computed for, writes the buckets back, and says when the
/// worker should look again.
/// </summary>
internal static class LimitedClaimer
{
    public static async ValueTask<LimitedClaim> ClaimAsync(IStoreExecutor tx, ClaimRequest request)
    {
        var (states, now) = await tx.LimitStateListAsync(request.Queues).ConfigureAwait(false);
        if (states.Count == 0) return LimitedClaim.None;
        var plan = new LimitPlan(states);
        IReadOnlyList<ClaimedJob> jobs = [];
        if (plan.AnyOpen)
        {
            var candidates = await tx.LimitCandidateListAsync(request.Queues, plan, request.Limit).ConfigureAwait(false);
            var chosen = plan.Choose(candidates, request.Limit);
            if (chosen.Count > 0) jobs = await tx.JobClaimByIdManyAsync(request, chosen, now).ConfigureAwait(false);
        }
        if (plan.TokenWrites is { Count: > 0 } writes) await tx.LimitTokenSetManyAsync(writes, now).ConfigureAwait(false);
        var nextRun = await tx.LimitNextRunDelayAsync(request.Queues, plan).ConfigureAwait(false);
        return LimitedClaim.Of(jobs, plan, nextRun);
    }
}
