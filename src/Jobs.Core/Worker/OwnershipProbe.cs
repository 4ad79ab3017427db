using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// Asks the store whether the worker still owns an attempt, and so whether the database answers at all. The store
/// port has no statement of its own for it yet: a lease renewal of that one attempt is the question (harmless: an
/// owned attempt keeps its lease anyway while its outcome is on its way).
/// </summary>
internal sealed class OwnershipProbe(IJobStore store, string worker, TimeSpan lease)
{
    /// <summary>Null when the database does not answer, else whether the worker still owns <paramref name="attempt"/>.</summary>
    public async Task<bool?> OwnsAsync(HeldJob attempt, CancellationToken ct)
    {
        try
        {
            var still = await store.ExtendLeasesAsync(worker, [attempt], lease, ct).ConfigureAwait(false);
            return still.Count > 0;
        }
        // A store error is "no answer" even once the worker is giving up; only a cancellation ends the probe.
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { return null; }
    }
}
