using Jobs.Storage;

namespace Jobs.Worker;

/// <summary>
/// An attempt this worker holds a lease on: from claim until its outcome is written, it is released, or its lease
/// is lost. Whoever removes it from the worker's held set disposes it (unlinking it from the worker's hard stop).
/// </summary>
internal sealed class HeldEntry : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Lock _gate = new();
    private long _leaseFrom;
    private bool _disposed;

    public HeldEntry(ClaimedJob job, CancellationToken workerHardStop, long leaseFrom)
    {
        Job = job;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(workerHardStop);
        Token = _cancellation.Token;
        _leaseFrom = leaseFrom;
    }

    public ClaimedJob Job { get; }
    public HeldJob Key => new(Job.Id, Job.Attempt);

    /// <summary>Cancelled when the lease is lost or the worker stops past its grace period; valid after disposal.</summary>
    public CancellationToken Token { get; }

    /// <summary>The attempt ended and its outcome waits in the completer.</summary>
    public volatile bool Completing;

    /// <summary>Local timestamp (<see cref="TimeProvider.GetTimestamp"/>) taken before the claim or last renewal that succeeded: the lease runs at least until then plus the lease.</summary>
    public long LeaseFrom
    {
        get => Interlocked.Read(ref _leaseFrom);
        set => Interlocked.Exchange(ref _leaseFrom, value);
    }

    public bool IsDisposed { get { lock (_gate) return _disposed; } }

    /// <summary>When the attempt started running here (null while it waits in the buffer): <c>inspect active</c> vs <c>reserved</c>.</summary>
    public DateTimeOffset? StartedAt { get; private set; }
    private long _startTimestamp;

    /// <summary>How long the attempt ran (set when it ended).</summary>
    public TimeSpan? Runtime { get; private set; }

    public void MarkStarted(TimeProvider time)
    {
        _startTimestamp = time.GetTimestamp();
        StartedAt = time.GetUtcNow();
    }

    public void MarkEnded(TimeProvider time) => Runtime = time.GetElapsedTime(_startTimestamp);

    /// <summary>Cancels the attempt (no-op once disposed).</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_disposed) return;
            try { _cancellation.Cancel(); }
            catch (AggregateException) { /* a task's cancellation callback threw; the attempt is cancelled regardless */ }
        }
    }

    /// <summary>Cancels, then disposes: for an attempt the worker lets go of while it may still run.</summary>
    public void CancelAndDispose()
    {
        Cancel();
        Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _cancellation.Dispose();
        }
    }
}
