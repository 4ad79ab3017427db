using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The heartbeat: every third of a lease, extends the leases of all attempts the worker holds in one statement.
/// Attempts the store says the worker no longer owns are cancelled and dropped. When renewals keep failing (or
/// hang) for longer than a lease, the lease must have expired and another worker may already run the job, so the
/// attempt is cancelled and dropped locally too. An attempt whose outcome is on its way (Completing) is renewed but never
/// dropped: writing its outcome settles it.
/// </summary>
internal sealed class LeaseKeeper(IJobStore store, string worker, TimeSpan lease, HeldAttempts held, TimeProvider time, ILogger log)
{
    private Task? _loop;

    /// <summary>Attempts whose leases the store no longer granted, lost already (raised on the thread of the check).</summary>
    public event Action<IReadOnlyList<HeldAttempt>>? LeasesLost;

    public void Start(CancellationToken stop) => _loop = Task.Run(() => RunAsync(stop));

    public Task Completion => _loop ?? Task.CompletedTask;

    private async Task RunAsync(CancellationToken stop)
    {
        var interval = lease / 3;
        Task? renewal = null;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                renewal ??= ExtendOnceAsync(stop);
                // A hanging renewal must not keep the lapse check below from running; it is awaited again next round.
                await renewal.WaitAsync(interval, time, stop).ConfigureAwait(false);
                renewal = null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (TimeoutException) when (renewal is { IsCompleted: false })
            {
                log.LogWarning("Extending leases of worker {Worker} has taken longer than {Interval}; still waiting.", worker, interval);
            }
            catch (Exception ex)
            {
                renewal = null;
                log.LogWarning(ex, "Extending leases of worker {Worker} failed; will retry.", worker);
            }
            DropLapsed();
        }
    }

    internal async Task ExtendOnceAsync(CancellationToken ct)
    {
        var attempts = held.InState(AttemptState.Live);
        if (attempts.Count == 0) return;
        var sent = time.GetTimestamp();
        var still = (await store.ExtendLeasesAsync(worker, attempts.Select(a => a.Key).ToList(), lease, ct).ConfigureAwait(false)).ToHashSet();
        List<HeldAttempt>? lost = null;
        foreach (var a in attempts)
        {
            if (still.Contains(a.Key)) { a.Renewed(sent); continue; }
            // Written meanwhile, or lost to the rescuer or a revoke: either way the worker must let go (unless its outcome is on its way).
            if (!held.LoseLease(a)) continue;
            log.LogWarning("Worker {Worker} lost the lease of job {Id} attempt {Attempt}; cancelling it.", worker, a.Job.Id, a.Job.Attempt);
            (lost ??= []).Add(a);
        }
        if (lost is not null) LeasesLost?.Invoke(lost);
    }

    /// <summary>Cancels and drops buffered and running attempts whose last successful claim or renewal is older than a lease.</summary>
    internal void DropLapsed()
    {
        foreach (var a in held.InState(AttemptState.Unfinished))
        {
            var since = time.GetElapsedTime(a.LeaseFrom);
            if (since < lease || !held.LoseLease(a)) continue;
            log.LogWarning("Worker {Worker} could not renew the lease of job {Id} attempt {Attempt} for {Elapsed}, longer than the lease ({Lease}); " +
                "cancelling it, as another worker may already run it.", worker, a.Job.Id, a.Job.Attempt, since, lease);
        }
    }
}
