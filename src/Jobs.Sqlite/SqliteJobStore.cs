using Jobs.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite store, the embedded default. Writes go through one writer connection in <c>BEGIN IMMEDIATE</c>
/// transactions, reads use pooled connections (<see cref="SqliteConnections"/>). Wake-ups within the process are
/// raised directly; other processes' commits are noticed through <c>pragma data_version</c>.
/// </summary>
internal sealed partial class SqliteJobStore : IJobStore
{
    private readonly SqliteSql _sql;
    private readonly SqliteChangeWatcher _watcher;
    private int _disposed;

    public SqliteJobStore(string connectionString, SqliteStoreOptions options, ILoggerFactory loggers)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString);
        if (csb.DataSource is "" or ":memory:" && csb.Mode != SqliteOpenMode.Memory)
            throw new ArgumentException(
                "The SQLite store needs a database file (e.g. \"Data Source=jobs.db\"): a private in-memory database is not shared " +
                "between the store's connections. For an in-memory store use \"Data Source=name;Mode=Memory;Cache=Shared\".",
                nameof(connectionString));
        csb.DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds);
        csb.Pooling = true;
        _sql = new SqliteSql(options.BusyTimeout);
        Connections = new SqliteConnections(csb.ConnectionString, _sql.ConnectionSetup);
        Capabilities = new StoreCapabilities { CrossProcessSignals = true, IdlePollInterval = options.SafetyPollInterval };
        _watcher = new SqliteChangeWatcher(Open, _sql.DataVersion, options.ChangeCheckInterval, Signals.RaiseReset,
            loggers.CreateLogger<SqliteChangeWatcher>());
    }

    /// <summary>The file's connections (the monitoring store of this host writes through the same writer).</summary>
    internal SqliteConnections Connections { get; }

    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();

    public void StartSignals() => _watcher.Start();

    private SqliteConnection Open() => Connections.Open();

    private Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct) => Connections.WriteAsync(work, ct);

    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> read) => Connections.ReadAsync(read);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql) => SqliteConnections.Command(connection, tx, sql);

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql) => SqliteConnections.Execute(connection, tx, sql);

    private static T Translate<T>(Func<T> call) => SqliteConnections.Translate(call);

    private static List<Guid> ReadIds(SqliteCommand command)
    {
        var ids = new List<Guid>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static string JsonArray<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _watcher.DisposeAsync().ConfigureAwait(false);
        await Connections.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _watcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Connections.Dispose();
    }
}
