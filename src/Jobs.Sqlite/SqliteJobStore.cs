using System.Data.Common;
using Jobs.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite driver, the embedded default. Writes go through one writer connection in <c>BEGIN IMMEDIATE</c>
/// transactions, reads use pooled connections (<see cref="SqliteConnections"/>). Its statements are
/// <see cref="SqliteExecutor"/>. Wake-ups within the process are in-process signals; other processes' commits are
/// noticed through <c>pragma data_version</c>.
/// </summary>
internal sealed class SqliteJobStore : IStoreDriver
{
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
        Sql = new SqliteSql(options.BusyTimeout);
        Connections = new SqliteConnections(csb.ConnectionString, Sql.ConnectionSetup);
        Capabilities = new StoreCapabilities { CrossProcessSignals = true, IdlePollInterval = options.SafetyPollInterval };
        Wakeups = new InProcessWakeups(Signals);
        _watcher = new SqliteChangeWatcher(Connections.Open, Sql.DataVersion, options.ChangeCheckInterval, Signals.RaiseReset,
            loggers.CreateLogger<SqliteChangeWatcher>());
    }

    /// <summary>The file's connections.</summary>
    internal SqliteConnections Connections { get; }

    internal SqliteSql Sql { get; }
    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();
    public IStoreWakeups Wakeups { get; }

    public void StartSignals() => _watcher.Start();

    public Task<T> ExecuteAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
        => work(new SqliteExecutor(this, null, null, changes, ct)).AsTask();

    public Task<T> InTransactionAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
        => Connections.WriteAsync((c, tx) => work(new SqliteExecutor(this, c, tx, changes, ct)), ct);

    /// <summary>A deferred transaction on a read connection: its snapshot starts at the first read and takes no write lock.</summary>
    public Task<T> InSnapshotAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
        => Connections.ReadAsync(async c =>
        {
            using var tx = c.BeginTransaction(deferred: true);
            var result = await work(new SqliteExecutor(this, c, tx, new StoreChanges(), ct)).ConfigureAwait(false);
            tx.Commit();
            return result;
        });

    public async Task<T> OnConnectionAsync<T>(DbConnection connection, DbTransaction? transaction, StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work,
        CancellationToken ct)
    {
        var conn = connection as SqliteConnection ?? throw EnqueueGuard.WrongType("SQLite", "a SqliteConnection", connection, nameof(connection));
        if (transaction is not null and not SqliteTransaction)
            throw EnqueueGuard.WrongType("SQLite", "a SqliteTransaction", transaction, nameof(transaction));
        try
        {
            if (transaction is SqliteTransaction callerTx) return await work(new SqliteExecutor(this, conn, callerTx, changes, ct)).ConfigureAwait(false);
            using var own = conn.BeginTransaction(deferred: false);
            var result = await work(new SqliteExecutor(this, conn, own, changes, ct)).ConfigureAwait(false);
            own.Commit();
            return result;
        }
        catch (SqliteException ex) when (SqliteConnections.Translated(ex) is JobsException translated)
        {
            throw translated;
        }
    }

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
