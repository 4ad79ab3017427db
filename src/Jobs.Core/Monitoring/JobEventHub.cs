using Microsoft.Extensions.Logging;

namespace Jobs.Monitoring;

/// <summary>
/// Where a host's events go: its in-process subscribers (<see cref="JobsOptions.OnEvent"/>), and the events table
/// (through <see cref="EventRecorder"/>) when the emitter stores events. Emitters ask <see cref="Wants"/> first so that
/// a host nobody monitors builds no event objects on its hot path.
/// </summary>
internal sealed class JobEventHub(JobsOptions options, EventRecorder? recorder, ILogger log)
{
    private readonly Action<JobEvent>[] _handlers = [.. options.EventHandlers];

    /// <summary>Whether an event would go anywhere (<paramref name="store"/>: the emitter stores its events).</summary>
    public bool Wants(bool store) => _handlers.Length > 0 || (store && recorder is not null);

    public void Publish(JobEvent e, bool store)
    {
        foreach (var h in _handlers)
        {
            try { h(e); }
            catch (Exception ex) { log.LogWarning(ex, "An event subscriber failed on {Type}; ignored.", e.Type); }
        }
        if (store) recorder?.Add(e);
    }
}
