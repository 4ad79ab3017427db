namespace Jobs.Postgres;

/// <summary>Options of the PostgreSQL store.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The schema holding the Jobs tables (created by the migrations). Default "jobs". Letters, digits and <c>_</c> (<see cref="JobNames"/>).</summary>
    public string Schema { get; set; } = "jobs";
    /// <summary>Listen for enqueue/completion notifications (LISTEN/NOTIFY) on one dedicated connection. Default true.</summary>
    public bool Listen { get; set; } = true;
    /// <summary>Batches of at least this many jobs are inserted with binary COPY. Default 32.</summary>
    public int CopyThreshold { get; set; } = 32;
    /// <summary>Idle poll interval, a safety net behind LISTEN/NOTIFY. Default 2 seconds.</summary>
    public TimeSpan SafetyPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
