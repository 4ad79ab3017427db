namespace Jobs.Storage;

/// <summary>
/// Wake-ups a store raises: jobs became runnable on a queue, jobs finished, a control request was sent, events were
/// stored, or the signal channel was re-established (signals may have been missed; everyone should re-check).
/// </summary>
internal sealed class StoreSignals
{
    public event Action<string>? JobsAvailable;
    public event Action<IReadOnlyList<Guid>>? JobsFinished;
    public event Action? ControlSent;
    public event Action? EventsStored;
    public event Action? Reset;

    public void RaiseJobsAvailable(string queue) => JobsAvailable?.Invoke(queue);
    public void RaiseJobsFinished(IReadOnlyList<Guid> ids) { if (ids.Count > 0) JobsFinished?.Invoke(ids); }
    public void RaiseControlSent() => ControlSent?.Invoke();
    public void RaiseEventsStored() => EventsStored?.Invoke();
    public void RaiseReset() => Reset?.Invoke();
}
