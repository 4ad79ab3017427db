namespace Jobs.Storage;

/// <summary>Pushed by a monitor store that can: a control request was sent, or events were stored.</summary>
internal sealed class MonitorSignals
{
    public event Action? ControlSent;
    public event Action? EventsStored;
    /// <summary>The signal channel was re-established; signals may have been missed.</summary>
    public event Action? Reset;

    public void RaiseControlSent() => ControlSent?.Invoke();
    public void RaiseEventsStored() => EventsStored?.Invoke();
    public void RaiseReset() => Reset?.Invoke();
}
