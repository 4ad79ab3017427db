namespace Jobs;

/// <summary>Monitoring settings of a host: heartbeats, the events table, remote control. See README "Monitoring".</summary>
public sealed class MonitoringOptions
{
    /// <summary>How often each worker writes its heartbeat (workers table, worker-heartbeat event). Default 2 seconds, as Celery's.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>The client stores a task-sent event for each job it enqueues (Celery's task_send_sent_event). Default false.</summary>
    public bool SendTaskSentEvents { get; set; }
    /// <summary>Stored events older than this are pruned (by any worker host). Default 1 day.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Workers answer remote-control requests (<c>jobs inspect</c>, <c>jobs control</c>). Default true.</summary>
    public bool RemoteControl { get; set; } = true;
    /// <summary>Workers register in the workers table and write heartbeats. Default true.</summary>
    public bool RegisterWorkers { get; set; } = true;

    internal void Validate()
    {
        if (HeartbeatInterval < TimeSpan.FromMilliseconds(100)) throw new ArgumentException($"HeartbeatInterval must be at least 100 ms (was {HeartbeatInterval}).");
        if (EventRetention <= TimeSpan.Zero) throw new ArgumentException($"EventRetention must be positive (was {EventRetention}).");
    }
}
