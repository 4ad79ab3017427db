using System.Data.Common;
using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jobs.Postgres;

/// <summary>
/// The PostgreSQL driver: SKIP LOCKED batch claims, ownership-guarded batched completion, leases with a batched
/// heartbeat, an advisory-locked rescuer, LISTEN/NOTIFY wake-ups (jobs, control requests and events on one listening
/// connection) and binary COPY bulk enqueue. Its statements are
/// <see cref="PostgresExecutor"/>; this class owns the connections and the signal channels.
/// </summary>
internal sealed class PostgresJobStore : IStoreDriver
{
    /// <summary>Pooled connections for autocommit statements (auto-prepared).</summary>
    internal NpgsqlDataSource DataSource { get; }
    /// <summary>Connections for multi-statement write transactions (see InTransactionAsync) and ad-hoc reads: no auto-prepare.</summary>
    private readonly NpgsqlDataSource _txDataSource;
    private readonly PostgresSignalListener? _listener;
    private readonly PostgresNotifier _notifier;
    private int _disposed;

    public PostgresJobStore(string connectionString, PostgresStoreOptions options, ILoggerFactory loggers)
    {
        Options = options;
        Sql = new PostgresSql(options.Schema);
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "jobs";
        if (csb.MaxAutoPrepare == 0) { csb.MaxAutoPrepare = 32; csb.AutoPrepareMinUsages = 2; }
        // The store's connections carry no session state (its locks are transaction-scoped, LISTEN has its own
        // connection), so skip the reset statements Npgsql would otherwise send with every pooled connection's next use.
        csb.NoResetOnClose = true;
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseLoggerFactory(loggers);
        DataSource = builder.Build();
        var txBuilder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(csb.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString);
        txBuilder.UseLoggerFactory(loggers);
        _txDataSource = txBuilder.Build();
        _notifier = new PostgresNotifier(DataSource, Sql, loggers.CreateLogger<PostgresNotifier>());
        Capabilities = new StoreCapabilities { CrossProcessSignals = options.Listen, IdlePollInterval = options.SafetyPollInterval };
        if (options.Listen)
            _listener = new PostgresSignalListener(csb, [Sql.AvailableChannel, Sql.FinishedChannel, Sql.ControlChannel, Sql.EventsChannel], OnNotification, Signals.RaiseReset,
                loggers.CreateLogger<PostgresSignalListener>());
    }

    /// <summary>
    /// Pooled connections without auto-prepare, for statements that must be planned for their parameters every time
    /// (the admin search: a generic plan cannot use a partial or GIN index that only some searches can).
    /// </summary>
    internal NpgsqlDataSource UnpreparedDataSource => _txDataSource;

    internal PostgresSql Sql { get; }
    internal PostgresStoreOptions Options { get; }
    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();
    public IStoreWakeups Wakeups => _notifier;

    public void StartSignals() => _listener?.Start();

    private void OnNotification(string channel, string payload)
    {
        if (channel == Sql.AvailableChannel) Signals.RaiseJobsAvailable(payload);
        else if (channel == Sql.FinishedChannel)
        {
            var ids = new List<Guid>();
            foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (Guid.TryParse(part, out var id)) ids.Add(id);
            Signals.RaiseJobsFinished(ids);
        }
        else if (channel == Sql.ControlChannel) Signals.RaiseControlSent();
        else if (channel == Sql.EventsChannel) Signals.RaiseEventsStored();
    }

    public Task<T> ExecuteAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
        => Run(() => work(new PostgresExecutor(this, null, null, changes, ct)).AsTask());

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction on a connection of a pool without auto-prepare: when a statement
    /// that Npgsql is auto-preparing is refused inside a transaction (e.g. a result with \u0000, see OutcomeWriter), the
    /// connection can go back to the pool out of step with the server ("Received unexpected backend message DataRow"),
    /// which failed the next write on it. BEGIN is its own round trip for the same reason.
    /// </summary>
    public Task<T> InTransactionAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _txDataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(conn, "begin", ct).ConfigureAwait(false);
        try
        {
            var result = await work(new PostgresExecutor(this, conn, null, changes, ct)).ConfigureAwait(false);
            await ExecuteAsync(conn, "commit", ct).ConfigureAwait(false);
            return result;
        }
        catch
        {
            try { await ExecuteAsync(conn, "rollback", CancellationToken.None).ConfigureAwait(false); }
            catch (Exception) { /* a broken connection is discarded by the pool; an open one is reset on return */ }
            throw;
        }
    });

    /// <summary>One repeatable-read transaction: every statement sees the same snapshot (it writes nothing, so the commit only ends it).</summary>
    public Task<T> InSnapshotAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _txDataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        var result = await work(new PostgresExecutor(this, conn, tx, new StoreChanges(), ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return result;
    });

    public Task<T> OnConnectionAsync<T>(DbConnection connection, DbTransaction? transaction, StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work,
        CancellationToken ct)
    {
        var conn = connection as NpgsqlConnection ?? throw EnqueueGuard.WrongType("PostgreSQL", "an NpgsqlConnection", connection, nameof(connection));
        if (transaction is not null and not NpgsqlTransaction)
            throw EnqueueGuard.WrongType("PostgreSQL", "an NpgsqlTransaction", transaction, nameof(transaction));
        return Run(async () =>
        {
            if (transaction is NpgsqlTransaction callerTx) return await work(new PostgresExecutor(this, conn, callerTx, changes, ct)).ConfigureAwait(false);
            await using var own = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(new PostgresExecutor(this, conn, own, changes, ct)).ConfigureAwait(false);
            await own.CommitAsync(ct).ConfigureAwait(false);
            return result;
        });
    }

    /// <summary>Runs a store call, turning "relation does not exist" into a clear message about migrations.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new JobsException(
                $"The Jobs tables are missing from schema \"{Sql.Schema}\" ({ex.MessageText}). Run the migrations first: " +
                $"`jobs migrate up`, or new JobsMigrator(JobsDatabase.Postgres, connectionString, \"{Sql.Schema}\").MigrateUp() (package Jobs.Migrations.Postgres).", ex);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _notifier.FlushAsync().ConfigureAwait(false);
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
        await DataSource.DisposeAsync().ConfigureAwait(false);
        await _txDataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _notifier.FlushAsync().GetAwaiter().GetResult();
        _listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        DataSource.Dispose();
        _txDataSource.Dispose();
    }
}
