namespace Jobs;

/// <summary>What a running attempt knows about itself.</summary>
public sealed class JobContext
{
    internal JobContext(Guid id, string task, string queue, int attempt, int maxAttempts, string worker, IServiceProvider services, CancellationToken cancellationToken)
    {
        Id = id; Task = task; Queue = queue; Attempt = attempt; MaxAttempts = maxAttempts; Worker = worker;
        Services = services; CancellationToken = cancellationToken;
    }

    /// <summary>The job id.</summary>
    public Guid Id { get; }
    /// <summary>The task name.</summary>
    public string Task { get; }
    /// <summary>The queue the job was claimed from.</summary>
    public string Queue { get; }
    /// <summary>This attempt's number, starting at 1.</summary>
    public int Attempt { get; }
    /// <summary>Attempts allowed in all (max retries + 1).</summary>
    public int MaxAttempts { get; }
    /// <summary>The name of the worker running this attempt.</summary>
    public string Worker { get; }
    /// <summary>The job's DI scope.</summary>
    public IServiceProvider Services { get; }
    /// <summary>Cancelled when the worker shuts down past its grace period or loses the job's lease.</summary>
    public CancellationToken CancellationToken { get; }
}
