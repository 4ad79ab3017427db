namespace Jobs.Worker;

/// <summary>A latched wake-up: <see cref="Set"/> before <see cref="WaitAsync"/> makes the next wait return at once.</summary>
internal sealed class AsyncSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Set()
    {
        try { _semaphore.Release(); }
        catch (SemaphoreFullException) { /* already set */ }
    }

    /// <summary>Waits for a signal or the timeout; returns true when signalled.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct)
        => _semaphore.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, ct);
}
