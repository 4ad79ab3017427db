using System.Collections.Concurrent;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The heartbeat: every third of a lease, extends the leases of all attempts the worker holds in one statement.
/// Attempts the store says the worker no longer owns are cancelled and dropped. When renewals keep failing (or
/// hang) for longer than a lease, the lease must have expired and another worker may already run the job, so the
/// attempt is cancelled and dropped locally too.
/// </summary>
internal sealed class LeaseKeeper(IJobStore store, string worker, TimeSpan lease, ConcurrentDictionary<HeldJob, HeldEntry> held, TimeProvider time, ILogger log,
    Action<IReadOnlyList<HeldEntry>>? onLost = null)
{
    private Task? _loop;

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
        var entries = held.Values.ToList();
        if (entries.Count == 0) return;
        var sent = time.GetTimestamp();
        var still = (await store.ExtendLeasesAsync(worker, entries.Select(e => e.Key).ToList(), lease, ct).ConfigureAwait(false)).ToHashSet();
        List<HeldEntry>? lost = null;
        foreach (var e in entries)
        {
            if (still.Contains(e.Key)) { e.LeaseFrom = sent; continue; }
            if (e.Completing) continue; // its outcome is on its way; writing it settles the entry
            // Written meanwhile, or lost to the rescuer or a revoke: either way the worker must let go.
            if (held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(e.Key, e)))
            {
                log.LogWarning("Worker {Worker} lost the lease of job {Id} attempt {Attempt}; cancelling it.", worker, e.Job.Id, e.Job.Attempt);
                e.CancelAndDispose();
                (lost ??= []).Add(e);
            }
        }
        if (lost is not null) onLost?.Invoke(lost);
    }

    /// <summary>Cancels and drops running attempts whose last successful claim or renewal is older than a lease.</summary>
    internal void DropLapsed()
    {
        foreach (var e in held.Values)
        {
            if (e.Completing) continue; // finished: its outcome is still written if the job was not rescued meanwhile
            var since = time.GetElapsedTime(e.LeaseFrom);
            if (since < lease || !held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(e.Key, e))) continue;
            log.LogWarning("Worker {Worker} could not renew the lease of job {Id} attempt {Attempt} for {Elapsed}, longer than the lease ({Lease}); " +
                "cancelling it, as another worker may already run it.", worker, e.Job.Id, e.Job.Attempt, since, lease);
            e.CancelAndDispose();
        }
    }
}
