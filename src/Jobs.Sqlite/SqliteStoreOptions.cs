namespace Jobs.Sqlite;

/// <summary>Options of the SQLite store.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>How long a statement waits for another connection's write lock before failing. Default 30 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the file is checked for commits by other connections or processes (<c>pragma data_version</c>),
    /// which wakes idle workers and result waiters. Default 50 milliseconds.
    /// </summary>
    public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Idle poll interval, a safety net behind the change check. Default 2 seconds.</summary>
    public TimeSpan SafetyPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
