namespace Jobs;

/// <summary>
/// A part of a Jobs host (Celery's bootsteps). The built-in components are <see cref="JobsComponents"/>; a user component
/// names the ones it needs in <see cref="Requires"/>: it starts after them and stops before them. Register it with
/// <see cref="JobsOptions.AddComponent{T}"/> (resolved from DI, so it can take the store's services in its constructor).
/// </summary>
public interface IJobsComponent
{
    /// <summary>Unique name among the host's components.</summary>
    string Name { get; }
    /// <summary>Names of the components that must start before this one (missing names are an error at start).</summary>
    IReadOnlyCollection<string> Requires { get; }
    /// <summary>Starts the component; the host waits for it before starting the components that require it.</summary>
    Task StartAsync(CancellationToken cancellationToken);
    /// <summary>Stops the component; called in reverse start order.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The built-in components' names. Start order: limits → events → pool → consumer → heartbeat → control; rescuer,
/// pruner and beat (after limits) run when configured. Only the components a host needs are present (a client-only
/// host has none).
/// </summary>
public static class JobsComponents
{
    /// <summary>Stores the declared rate and concurrency limits before anything claims.</summary>
    public const string Limits = "limits";
    /// <summary>Writes events to the events table (when a worker sends events).</summary>
    public const string Events = "events";
    /// <summary>The workers' executors, batch completers and lease keepers.</summary>
    public const string Pool = "pool";
    /// <summary>The workers' fetch loops (claiming jobs); stopping it is the workers' graceful shutdown.</summary>
    public const string Consumer = "consumer";
    /// <summary>Registers the workers in the workers table and writes their heartbeats.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>Answers remote-control requests.</summary>
    public const string Control = "control";
    /// <summary>Returns jobs with expired leases to their queues.</summary>
    public const string Rescuer = "rescuer";
    /// <summary>Deletes finished jobs after their result TTL, old events and control requests.</summary>
    public const string Pruner = "pruner";
    /// <summary>Enqueues periodic tasks.</summary>
    public const string Beat = "beat";
}
