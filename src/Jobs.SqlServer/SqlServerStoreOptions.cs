namespace Jobs.SqlServer;

/// <summary>Options of the SQL Server store.</summary>
public sealed class SqlServerStoreOptions
{
    /// <summary>The schema holding the Jobs tables (created by the migrations). Default "jobs". Letters, digits and <c>_</c> (<see cref="JobNames"/>).</summary>
    public string Schema { get; set; } = "jobs";

    /// <summary>Batches of at least this many jobs (none with a caller-chosen id or a unique key) are inserted with SqlBulkCopy. Default 100.</summary>
    public int BulkCopyThreshold { get; set; } = 100;

    /// <summary>
    /// SQL Server has no LISTEN/NOTIFY: one poller per process checks for other processes' commits, this often
    /// right after it saw one, backing off (doubling) while nothing changes. Default 100 milliseconds.
    /// </summary>
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest the poller waits between checks when nothing changes (see <see cref="MinPollInterval"/>). Default 2 seconds.</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Idle poll interval of workers and waiters, a safety net behind the poller. Default 5 seconds.</summary>
    public TimeSpan SafetyPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Command timeout of the store's statements. Default 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (BulkCopyThreshold < 1) throw new ArgumentOutOfRangeException(nameof(BulkCopyThreshold), BulkCopyThreshold, "Must be at least 1.");
        if (MinPollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinPollInterval), MinPollInterval, "Must be positive.");
        if (MaxPollInterval < MinPollInterval)
            throw new ArgumentOutOfRangeException(nameof(MaxPollInterval), MaxPollInterval, "Must be at least MinPollInterval.");
        if (SafetyPollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(SafetyPollInterval), SafetyPollInterval, "Must be positive.");
        if (CommandTimeout < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "Must be at least 1 second.");
    }
}
