namespace Jobs.Storage;

/// <summary>
/// How a store's changes reach the workers and waiters of every process: LISTEN/NOTIFY, an in-process signal (with
/// cross-process polling), or a poll alone. The one capability through which Core sends wake-ups; no store raises them.
/// </summary>
internal interface IStoreWakeups
{
    /// <summary>Sends what committed writes changed.</summary>
    void Send(StoreChanges changes);

    /// <summary>
    /// Sends what writes in a caller's open transaction (<paramref name="executor"/> is bound to it) changed: delivered
    /// at its commit where the database can (a NOTIFY in the transaction), else now (listeners re-check on their own).
    /// </summary>
    ValueTask SendWithinAsync(IStoreExecutor executor, StoreChanges changes);
}

/// <summary>Wake-ups raised in this process's <see cref="StoreSignals"/>; other processes see the commits by polling.</summary>
internal sealed class InProcessWakeups(StoreSignals signals) : IStoreWakeups
{
    public void Send(StoreChanges changes)
    {
        if (changes.IsEmpty) return;
        signals.RaiseJobsFinished(changes.Ended);
        foreach (var queue in changes.Available) signals.RaiseJobsAvailable(queue);
        if (changes.HasControl) signals.RaiseControlSent();
        if (changes.HasEvents) signals.RaiseEventsStored();
    }

    public ValueTask SendWithinAsync(IStoreExecutor executor, StoreChanges changes)
    {
        Send(changes);
        return ValueTask.CompletedTask;
    }
}
