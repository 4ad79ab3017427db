using System.Data;
using System.Data.Common;
using Jobs.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;

namespace Jobs.SqlServer;

/// <summary>
/// The SQL Server driver: READPAST/UPDLOCK batch claims with OUTPUT, ownership-fenced batched completion, leases with a
/// batched heartbeat, an sp_getapplock rescuer, SqlBulkCopy bulk enqueue. Wake-ups: in-process signals after the
/// commit, and for other processes' commits an adaptive poller (<see cref="SqlServerChangePoller"/>). Its statements
/// are <see cref="SqlServerExecutor"/>; this class owns the connections and the poller.
/// </summary>
internal sealed class SqlServerJobStore : IStoreDriver
{
    /// <summary>SQL Server's "Invalid object name" (a missing table or schema).</summary>
    private const int InvalidObjectName = 208;

    private readonly string _connectionString;
    private readonly SqlServerStoreOptions _options;
    private readonly SqlServerChangePoller _poller;
    private readonly InProcessWakeups _inProcess;
    private int _disposed;

    public SqlServerJobStore(string connectionString, SqlServerStoreOptions options, ILoggerFactory loggers)
    {
        SqlConnectionStringBuilder csb;
        try { csb = new SqlConnectionStringBuilder(connectionString); }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"Invalid SQL Server connection string: {ex.Message}", nameof(connectionString), ex);
        }
        if (string.IsNullOrEmpty(csb.ApplicationName) || csb.ApplicationName == "Framework Microsoft SqlClient Data Provider"
            || csb.ApplicationName == "Core Microsoft SqlClient Data Provider") csb.ApplicationName = "jobs";
        _connectionString = csb.ConnectionString;
        _options = options;
        Sql = new SqlServerSql(options.Schema);
        _inProcess = new InProcessWakeups(Signals);
        Wakeups = new PollingWakeups(this);
        Capabilities = new StoreCapabilities { CrossProcessSignals = true, IdlePollInterval = options.SafetyPollInterval };
        _poller = new SqlServerChangePoller(_connectionString, Sql.ChangeProbe, options, Signals.RaiseReset,
            loggers.CreateLogger<SqlServerChangePoller>());
    }

    internal SqlServerSql Sql { get; }
    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();
    public IStoreWakeups Wakeups { get; }

    public void StartSignals() => _poller.Start();

    private int CommandTimeout => (int)_options.CommandTimeout.TotalSeconds;

    internal SqlServerExecutor Executor(ISqlRunner runner, StoreChanges changes, CancellationToken ct) => new(Sql, _options, runner, changes, ct);

    public Task<T> ExecuteAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
        => Run(() => work(Executor(new SqlRunner(_connectionString, CommandTimeout, null, null), changes, ct)).AsTask());

    /// <summary>
    /// Runs <paramref name="work"/> in one READ COMMITTED transaction with XACT_ABORT on (an error rolls it back whole,
    /// whatever statement raised it); the isolation level is set explicitly, since a pooled connection may carry
    /// another one.
    /// </summary>
    public Task<T> InTransactionAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct) => Run(async () =>
    {
        await using var conn = new SqlConnection(_connectionString);
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using (var setup = new SqlCommand("set xact_abort on;", conn))
            await setup.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var tx = (SqlTransaction)await conn.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        try
        {
            var result = await work(Executor(new SqlRunner(_connectionString, CommandTimeout, conn, tx), changes, ct)).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch
        {
            try { if (tx.Connection is not null) await tx.RollbackAsync(CancellationToken.None).ConfigureAwait(false); }
            catch (Exception) { /* XACT_ABORT rolled it back already, or the connection broke: it is discarded */ }
            throw;
        }
    });

    /// <summary>
    /// Runs read-only <paramref name="work"/> (the reports) in one SNAPSHOT transaction where the database allows it
    /// (ALLOW_SNAPSHOT_ISOLATION ON, see README), else in one READ COMMITTED transaction: each statement consistent,
    /// the reports together not.
    /// </summary>
    public Task<T> InSnapshotAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct) => Run(async () =>
    {
        await using var conn = new SqlConnection(_connectionString);
        await conn.OpenAsync(ct).ConfigureAwait(false);
        await using (var probe = new SqlCommand("select snapshot_isolation_state from sys.databases where database_id = db_id();", conn))
            _snapshotAllowed ??= await probe.ExecuteScalarAsync(ct).ConfigureAwait(false) is byte state && state == 1;
        await using var tx = (SqlTransaction)await conn.BeginTransactionAsync(
            _snapshotAllowed == true ? IsolationLevel.Snapshot : IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
        var result = await work(Executor(new SqlRunner(_connectionString, CommandTimeout, conn, tx), new StoreChanges(), ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return result;
    });

    private bool? _snapshotAllowed;

    public Task<T> OnConnectionAsync<T>(DbConnection connection, DbTransaction? transaction, StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work,
        CancellationToken ct)
    {
        var conn = connection as SqlConnection ?? throw EnqueueGuard.WrongType("SQL Server", "a SqlConnection", connection, nameof(connection));
        if (transaction is not null and not SqlTransaction)
            throw EnqueueGuard.WrongType("SQL Server", "a SqlTransaction", transaction, nameof(transaction));
        return Run(async () =>
        {
            if (transaction is SqlTransaction callerTx)
                return await work(Executor(new SqlRunner(_connectionString, CommandTimeout, conn, callerTx), changes, ct)).ConfigureAwait(false);
            await using var own = (SqlTransaction)await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
            var result = await work(Executor(new SqlRunner(_connectionString, CommandTimeout, conn, own), changes, ct)).ConfigureAwait(false);
            await own.CommitAsync(ct).ConfigureAwait(false);
            return result;
        });
    }

    /// <summary>Runs a store call, turning "Invalid object name" into a clear message about migrations.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SqlException ex) when (ex.Number == InvalidObjectName)
        {
            throw new JobsException(
                $"The Jobs tables are missing from schema \"{Sql.Schema}\" ({ex.Message}). Run the migrations first: " +
                $"`jobs --provider sqlserver migrate up`, or new JobsMigrator(JobsDatabase.SqlServer, connectionString, \"{Sql.Schema}\").MigrateUp() " +
                "(package Jobs.Migrations.SqlServer).", ex);
        }
    }

    /// <summary>In-process signals after the commit, and a nudge to the poller (other processes will likely answer soon).</summary>
    private sealed class PollingWakeups(SqlServerJobStore store) : IStoreWakeups
    {
        public void Send(StoreChanges changes)
        {
            if (changes.IsEmpty) return;
            store._inProcess.Send(changes);
            store._poller.Nudge();
        }

        public ValueTask SendWithinAsync(IStoreExecutor executor, StoreChanges changes)
        {
            Send(changes);
            return ValueTask.CompletedTask;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _poller.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _poller.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
