using Microsoft.Data.Sqlite;
using Jobs.Storage;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite monitoring store: the worker, event and control tables and the reporting views of the store's file.
/// Connections as the job store's: writes in <c>BEGIN IMMEDIATE</c> transactions on one writer connection with the
/// store's busy timeout, reads on pooled connections. Nothing is pushed across processes: followers poll.
/// </summary>
internal sealed partial class SqliteMonitorStore : IMonitorStore, IDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionSetup;
    private readonly Statements _sql = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private int _disposed;

    public SqliteMonitorStore(string connectionString, SqliteStoreOptions options)
    {
        var csb = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
            Pooling = true,
        };
        _connectionString = csb.ConnectionString;
        _connectionSetup = new SqliteSql(options.BusyTimeout).ConnectionSetup;
    }

    public MonitorSignals Signals { get; } = new();
    public bool PushesSignals => false;
    public TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(200);

    public void StartSignals() { }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction on the store's writer connection.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return Translate(() =>
            {
                _writer ??= OpenWriter();
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

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var setup = Command(connection, null, _connectionSetup);
            setup.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs a read on its own pooled connection (WAL lets it run beside the writer).</summary>
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

    private static long Ms(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal))
        {
            throw new JobsException(
                $"The Jobs monitoring tables are missing from this SQLite database ({ex.Message}). Run the migrations first: " +
                "`jobs migrate up`, or new JobsMigrator(JobsDatabase.Sqlite, connectionString).MigrateUp().", ex);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _writeGate.Wait();
        try
        {
            _writer?.Dispose();
            _writer = null;
        }
        finally { _writeGate.Release(); }
    }
}
