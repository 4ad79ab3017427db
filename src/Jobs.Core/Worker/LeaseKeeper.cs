using System.Collections.Concurrent;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The heartbeat: every third of a lease, extends the leases of all jobs the worker holds in one statement.
/// Jobs the store says the worker no longer owns are cancelled and dropped.
/// </summary>
internal sealed class LeaseKeeper(IJobStore store, string worker, TimeSpan lease, ConcurrentDictionary<Guid, HeldEntry> held, TimeProvider time, ILogger log)
{
    private Task? _loop;

    public void Start(CancellationToken stop) => _loop = Task.Run(() => RunAsync(stop));

    public Task Completion => _loop ?? Task.CompletedTask;

    private async Task RunAsync(CancellationToken stop)
    {
        var interval = lease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
                await ExtendOnceAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Extending leases of worker {Worker} failed; will retry.", worker);
            }
        }
    }

    internal async Task ExtendOnceAsync(CancellationToken ct)
    {
        var entries = held.Values.ToList();
        if (entries.Count == 0) return;
        var still = (await store.ExtendLeasesAsync(worker, entries.Select(e => e.Key).ToList(), lease, ct).ConfigureAwait(false)).ToHashSet();
        foreach (var e in entries)
        {
            if (still.Contains(e.Job.Id) || e.Completing) continue;
            // Written (completed) meanwhile, or lost to the rescuer: either way the worker must let go.
            if (held.TryRemove(new KeyValuePair<Guid, HeldEntry>(e.Job.Id, e)))
            {
                log.LogWarning("Worker {Worker} lost the lease of job {Id} attempt {Attempt}; cancelling it.", worker, e.Job.Id, e.Job.Attempt);
                e.Cancellation.Cancel();
            }
        }
    }
}
