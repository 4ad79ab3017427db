using Jobs.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite store, the embedded default. Writes go through one connection per store in <c>BEGIN IMMEDIATE</c>
/// transactions (SQLite has one writer at a time; taking the write lock up front avoids upgrade deadlocks between
/// processes), reads use pooled connections (WAL lets them run beside the writer). Wake-ups within the process are
/// raised directly; other processes' commits are noticed through <c>pragma data_version</c>.
/// </summary>
internal sealed partial class SqliteJobStore : IJobStore
{
    private readonly string _connectionString;
    private readonly SqliteSql _sql;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteChangeWatcher _watcher;
    private SqliteConnection? _writer;
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
        _connectionString = csb.ConnectionString;
        _sql = new SqliteSql(options.BusyTimeout);
        Capabilities = new StoreCapabilities { CrossProcessSignals = true, IdlePollInterval = options.SafetyPollInterval };
        _watcher = new SqliteChangeWatcher(Open, _sql.DataVersion, options.ChangeCheckInterval, Signals.RaiseReset,
            loggers.CreateLogger<SqliteChangeWatcher>());
    }

    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();

    public void StartSignals() => _watcher.Start();

    /// <summary>Opens a pooled connection with the store's per-connection settings.</summary>
    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, _sql.ConnectionSetup);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction on the store's writer connection.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return Translate(() =>
            {
                _writer ??= Open();
                try
                {
                    using var tx = _writer.BeginTransaction(deferred: false);
                    var result = work(_writer, tx);
                    tx.Commit();
                    return result;
                }
                catch (SqliteException)
                {
                    // The connection may be unusable (e.g. the file was replaced); start afresh next time.
                    _writer.Dispose();
                    _writer = null;
                    throw;
                }
            });
        }
        finally { _writeGate.Release(); }
    }

    /// <summary>
    /// Runs a read on its own pooled connection. Reads skip the per-connection pragmas (a statement each, on every
    /// read): they write nothing, and the rare busy reader is retried by Microsoft.Data.Sqlite up to its timeout.
    /// </summary>
    private Task<T> ReadAsync<T>(Func<SqliteConnection, T> read) => Task.FromResult(Translate(() =>
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return read(connection);
    }));

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = Command(connection, tx, sql);
        return command.ExecuteNonQuery();
    }

    private static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            throw new JobsException(
                $"The Jobs tables are missing from this SQLite database ({ex.Message}). Run the migrations first: " +
                "`jobs migrate up`, or new JobsMigrator(JobsDatabase.Sqlite, connectionString).MigrateUp().", ex);
        }
    }

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
        await _writeGate.WaitAsync().ConfigureAwait(false);
        CloseWriter();
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _watcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _writeGate.Wait();
        CloseWriter();
    }

    /// <summary>Closes the writer connection; the caller holds the write gate.</summary>
    private void CloseWriter()
    {
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally { _writeGate.Release(); }
    }
}
