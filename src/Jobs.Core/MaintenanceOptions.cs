namespace Jobs;

/// <summary>Maintenance services run by worker hosts. Any number of hosts may run them; the store keeps them from overlapping.</summary>
public sealed class MaintenanceOptions
{
    /// <summary>How often expired leases are rescued. Default 5 seconds.</summary>
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often finished jobs past their result TTL are pruned. Default 1 minute.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Rows handled per maintenance statement. Default 1000.</summary>
    public int BatchSize { get; set; } = 1000;
    /// <summary>Set false to run no maintenance in this host.</summary>
    public bool Enabled { get; set; } = true;
}
