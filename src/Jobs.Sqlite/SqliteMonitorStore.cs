using Microsoft.Data.Sqlite;
using Jobs.Storage;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite monitoring store: the worker, event and control tables and the reporting views of the store's file.
/// It writes and reads through the job store's connections (<see cref="SqliteConnections"/>), which own them. Nothing is
/// pushed across processes: followers poll.
/// </summary>
internal sealed partial class SqliteMonitorStore(SqliteConnections connections) : IMonitorStore
{
    private readonly Statements _sql = new();

    public MonitorSignals Signals { get; } = new();
    public StoreCapabilities Capabilities { get; } = new() { CrossProcessSignals = false, IdlePollInterval = TimeSpan.FromMilliseconds(200) };

    public void StartSignals() { }

    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct) => connections.WriteAsync(work, ct);

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> read) => connections.ReadAsync(read);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql) => SqliteConnections.Command(connection, tx, sql);

    private static long Ms(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);
}
