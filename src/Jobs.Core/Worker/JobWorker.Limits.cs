using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// The worker's side of rate and concurrency limits. Jobs under an active limit are claimed by the store's limited
/// claim, which says when to look again: at the next token (a rate limit), or when a job finishes (a full
/// concurrency limit). When it finds no limited work, the worker skips it for a second, so busy rounds of the plain
/// claim pay nothing for the feature; an idle or partial round in that second asks the store (one cheap statement)
/// whether a limited job is waiting after all and, if so, claims it at once. The plain claim never takes a limited job.
/// Limited jobs are claimed only for idle slots, never prefetched: a buffered job would hold a place under its
/// concurrency limit (or spend a token) while another worker sits idle.
/// </summary>
internal sealed partial class JobWorker
{
    private static readonly TimeSpan LimitsRecheck = TimeSpan.FromSeconds(1);
    private long _limitsRecheckAt;
    private volatile bool _waitsForFinish;
    private int _leaseCheckRunning;

    /// <summary>Claims limited jobs for idle slots; Skipped when the limited claim was not tried this round (no limited work a moment ago).</summary>
    private async Task<(int Claimed, TimeSpan? WakeIn, bool Skipped)> ClaimLimitedAsync(IReadOnlyList<string> queues, int free, long leaseFrom, CancellationToken stop)
    {
        if (_time.GetTimestamp() < Volatile.Read(ref _limitsRecheckAt)) return (0, null, true);
        var idle = Math.Min(free, _slots - Volatile.Read(ref _reserved));
        if (idle <= 0)
        {
            _waitsForFinish = true; // look again when one of this worker's jobs finishes
            return (0, null, false);
        }
        var limited = await _store.ClaimLimitedAsync(new ClaimRequest(Name, queues, idle, _options.Lease), stop).ConfigureAwait(false);
        Accept(limited.Jobs, leaseFrom);
        _waitsForFinish = limited.SlotsFull;
        if (!limited.LimitedWorkLeft)
            Volatile.Write(ref _limitsRecheckAt, _time.GetTimestamp() + (long)(LimitsRecheck.TotalSeconds * _time.TimestampFrequency));
        return (limited.Jobs.Count, limited.WakeIn, false);
    }

    /// <summary>After a round that skipped the limited claim and left slots free: true (and the skip lifted) when limited jobs wait after all.</summary>
    private async Task<bool> LimitedWorkAppearedAsync(IReadOnlyList<string> queues, CancellationToken stop)
    {
        if (!await _store.HasLimitedWorkAsync(queues, stop).ConfigureAwait(false)) return false;
        Volatile.Write(ref _limitsRecheckAt, 0);
        return true;
    }

    /// <summary>
    /// Jobs finished somewhere: a full concurrency limit may have room now; and a job this worker still runs that
    /// finished elsewhere was revoked (or rescued), so the lease check runs now rather than at the next heartbeat.
    /// </summary>
    private void OnJobsFinished(IReadOnlyList<Guid> ids)
    {
        if (_waitsForFinish) _wake.Set();
        if (_held.IsEmpty) return;
        var finished = ids.Count > 8 ? ids.ToHashSet() : null; // held × ids comparisons on every notification add up under load
        var lost = false;
        foreach (var (key, entry) in _held)
            if (!entry.Completing && (finished?.Contains(key.Id) ?? ids.Contains(key.Id))) { lost = true; break; }
        if (!lost || Interlocked.Exchange(ref _leaseCheckRunning, 1) == 1) return;
        _ = Task.Run(async () =>
        {
            try { await _leases.ExtendOnceAsync(_giveUp.Token).ConfigureAwait(false); }
            catch (Exception) { /* the heartbeat retries on its own schedule */ }
            finally { Volatile.Write(ref _leaseCheckRunning, 0); }
        });
    }

    /// <summary>A limit changed (remote control): look at limited work again now.</summary>
    public void RecheckLimits()
    {
        Volatile.Write(ref _limitsRecheckAt, 0);
        _wake.Set();
    }
}
