using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>What one round of the limited claim gave: jobs, when to look again (the next token), and whether it was skipped.</summary>
internal readonly record struct LimitedRound(IReadOnlyList<ClaimedJob> Jobs, TimeSpan? WakeIn, bool Skipped);

/// <summary>
/// The worker's side of rate and concurrency limits. Jobs under an active limit are claimed by the store's limited
/// claim, which says when to look again: at the next token (a rate limit), or when a job finishes (a full
/// concurrency limit). When it finds no limited work, the worker skips it for a second, so busy rounds of the plain
/// claim pay nothing for the feature; an idle or partial round in that second asks the store (one cheap statement)
/// whether a limited job is waiting after all and, if so, claims it at once. The plain claim never takes a limited job.
/// Limited jobs are claimed only for idle slots, never prefetched: a buffered job would hold a place under its
/// concurrency limit (or spend a token) while another worker sits idle.
/// </summary>
internal sealed class LimitedClaims(IJobStore store, string worker, TimeSpan lease, TimeProvider time)
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);
    private long _recheckAt;
    private volatile bool _waitsForFinish;

    /// <summary>The last round found a full concurrency limit (or no idle slot): a job finishing is a reason to look again.</summary>
    public bool WaitsForFinish => _waitsForFinish;

    /// <summary>Claims limited jobs for <paramref name="idle"/> slots; Skipped when the limited claim was not tried this round (no limited work a moment ago).</summary>
    public async Task<LimitedRound> ClaimAsync(IReadOnlyList<string> queues, int idle, CancellationToken stop)
    {
        if (time.GetTimestamp() < Volatile.Read(ref _recheckAt)) return new LimitedRound([], null, Skipped: true);
        if (idle <= 0)
        {
            _waitsForFinish = true; // look again when one of this worker's jobs finishes
            return new LimitedRound([], null, Skipped: false);
        }
        var limited = await store.ClaimLimitedAsync(new ClaimRequest(worker, queues, idle, lease), stop).ConfigureAwait(false);
        _waitsForFinish = limited.SlotsFull;
        if (!limited.LimitedWorkLeft)
            Volatile.Write(ref _recheckAt, time.GetTimestamp() + (long)(Recheck.TotalSeconds * time.TimestampFrequency));
        return new LimitedRound(limited.Jobs, limited.WakeIn, Skipped: false);
    }

    /// <summary>After a round that skipped the limited claim and left slots free: true (and the skip lifted) when limited jobs wait after all.</summary>
    public async Task<bool> AppearedAsync(IReadOnlyList<string> queues, CancellationToken stop)
    {
        if (!await store.HasLimitedWorkAsync(queues, stop).ConfigureAwait(false)) return false;
        RecheckNow();
        return true;
    }

    /// <summary>Lifts the skip: the next round tries the limited claim.</summary>
    public void RecheckNow() => Volatile.Write(ref _recheckAt, 0);
}
