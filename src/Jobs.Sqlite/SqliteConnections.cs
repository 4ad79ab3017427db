using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

/// <summary>
/// A store file's connections: writes go through one
/// writer connection in <c>BEGIN IMMEDIATE</c> transactions (SQLite has one writer at a time; taking the write lock up
/// front avoids upgrade deadlocks between processes, and one writer per process means its writes queue here rather than
/// spin on the file lock), reads use pooled connections (WAL lets them run beside the writer).
/// </summary>
internal sealed class SqliteConnections : IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly string _connectionSetup;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private int _disposed;

    public SqliteConnections(string connectionString, string connectionSetup)
    {
        _connectionString = connectionString;
        _connectionSetup = connectionSetup;
    }

    /// <summary>Opens a pooled connection with the store's per-connection settings.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, null, _connectionSetup);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction on the writer connection.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, CancellationToken ct)
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
    /// Runs <paramref name="work"/> in one <c>BEGIN IMMEDIATE</c> transaction on the writer connection, for work written
    /// as async statements (Core's flows): it holds the writer until it completes (SQLite statements complete synchronously).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, ValueTask<T>> work, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _writer ??= Translate(Open);
            try
            {
                using var tx = _writer.BeginTransaction(deferred: false);
                var result = await work(_writer, tx).ConfigureAwait(false);
                tx.Commit();
                return result;
            }
            catch (SqliteException ex)
            {
                // The connection may be unusable (e.g. the file was replaced); start afresh next time.
                _writer.Dispose();
                _writer = null;
                if (IsMissingTable(ex)) throw Translated(ex);
                throw;
            }
        }
        finally { _writeGate.Release(); }
    }

    /// <summary>
    /// Runs a read on its own pooled connection. Reads skip the per-connection pragmas (a statement each, on every
    /// read): they write nothing, and the rare busy reader is retried by Microsoft.Data.Sqlite up to its timeout.
    /// </summary>
    public Task<T> ReadAsync<T>(Func<SqliteConnection, T> read) => Task.FromResult(Translate(() =>
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return read(connection);
    }));

    /// <summary>Runs a read written as async statements (they complete synchronously) on its own pooled connection.</summary>
    public async Task<T> ReadAsync<T>(Func<SqliteConnection, ValueTask<T>> read)
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            return await read(connection).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (IsMissingTable(ex))
        {
            throw Translated(ex);
        }
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }

    public static int Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = Command(connection, tx, sql);
        return command.ExecuteNonQuery();
    }

    /// <summary>Turns "no such table" into a clear message about migrations.</summary>
    public static T Translate<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (SqliteException ex) when (IsMissingTable(ex))
        {
            throw Translated(ex);
        }
    }

    /// <summary>The exception to throw for <paramref name="ex"/>: a clear message about migrations for "no such table", else itself.</summary>
    public static Exception Translated(SqliteException ex) => IsMissingTable(ex)
        ? new JobsException(
            $"The Jobs tables are missing from this SQLite database ({ex.Message}). Run the migrations first: " +
            "`jobs migrate up`, or new JobsMigrator(JobsDatabase.Sqlite, connectionString).MigrateUp() (package Jobs.Migrations.Sqlite).", ex)
        : ex;

    private static bool IsMissingTable(SqliteException ex) => ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _writeGate.WaitAsync().ConfigureAwait(false);
        CloseWriter();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
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
