using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>A job this worker holds a lease on: from claim until its outcome is written or it is released.</summary>
internal sealed class HeldEntry(ClaimedJob job, CancellationToken workerHardStop) : IDisposable
{
    public ClaimedJob Job { get; } = job;
    public HeldJob Key => new(Job.Id, Job.Attempt);
    /// <summary>Cancelled when the lease is lost or the worker stops past its grace period.</summary>
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(workerHardStop);
    /// <summary>The attempt ended and its outcome waits in the completer.</summary>
    public volatile bool Completing;
    public void Dispose() => Cancellation.Dispose();
}
