using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// How a worker learns that attempts it holds were revoked (or rescued) elsewhere, and says so. A finished-jobs signal
/// naming a job still buffered or running here means exactly that, so the lease check runs at once (one at a time)
/// rather than at the next heartbeat. The attempts whose leases the store no longer granted, from any lease check, are
/// looked up: those whose job is now REVOKED (a revoke that reached this worker through the store rather than remote
/// control) are reported as task-revoked; the rest were rescued. Both run as the worker's background checks.
/// </summary>
internal sealed class LostLeaseCheck(HeldAttempts held, LeaseKeeper leases, IJobStore store, WorkerEvents events, BackgroundChecks checks,
    string worker, ILogger log)
{
    private int _leaseCheckRunning;

    /// <summary>Jobs finished somewhere (a store signal).</summary>
    public void OnJobsFinished(IReadOnlyList<Guid> ids)
    {
        if (!held.HoldsUnfinished(ids) || Interlocked.Exchange(ref _leaseCheckRunning, 1) == 1) return;
        if (!checks.Start(CheckLeasesAsync)) Volatile.Write(ref _leaseCheckRunning, 0);
    }

    private async Task CheckLeasesAsync(CancellationToken giveUp)
    {
        try { await leases.ExtendOnceAsync(giveUp).ConfigureAwait(false); }
        catch (Exception) { /* the heartbeat retries on its own schedule */ }
        finally { Volatile.Write(ref _leaseCheckRunning, 0); }
    }

    /// <summary>The store no longer granted these attempts' leases (they are lost already).</summary>
    public void OnLost(IReadOnlyList<HeldAttempt> lost)
    {
        if (events.WantsRevoked) checks.Start(giveUp => ReportRevokedAsync(lost, giveUp));
    }

    private async Task ReportRevokedAsync(IReadOnlyList<HeldAttempt> lost, CancellationToken giveUp)
    {
        try
        {
            var jobs = await store.GetJobsAsync(lost.Select(a => a.Job.Id).Distinct().ToList(), giveUp).ConfigureAwait(false);
            var revoked = jobs.Where(j => j.State == JobState.Revoked).ToDictionary(j => j.Id);
            foreach (var a in lost)
                if (revoked.TryGetValue(a.Job.Id, out var job))
                    events.Revoked(a.Job, terminated: job.TerminateRequested && a.StartedAt is not null, expired: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            log.LogDebug(ex, "Worker {Worker} could not tell why it lost {Count} leases; no task-revoked events for them.", worker, lost.Count);
        }
        catch (OperationCanceledException) { }
    }
}
