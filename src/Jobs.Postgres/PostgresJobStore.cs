using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

/// <summary>
/// The PostgreSQL store: SKIP LOCKED batch claims, ownership-guarded batched completion, leases with a batched
/// heartbeat, an advisory-locked rescuer, LISTEN/NOTIFY wake-ups and binary COPY bulk enqueue.
/// </summary>
internal sealed partial class PostgresJobStore : IJobStore
{
    private readonly NpgsqlDataSource _dataSource;
    /// <summary>Connections for multi-statement write transactions (see InTransactionAsync): no auto-prepare.</summary>
    private readonly NpgsqlDataSource _txDataSource;
    private readonly PostgresSql _sql;
    private readonly PostgresStoreOptions _options;
    private readonly PostgresSignalListener? _listener;
    private readonly PostgresNotifier _notifier;
    private int _disposed;

    public PostgresJobStore(string connectionString, PostgresStoreOptions options, ILoggerFactory loggers)
    {
        _options = options;
        _sql = new PostgresSql(options.Schema);
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "jobs";
        if (csb.MaxAutoPrepare == 0) { csb.MaxAutoPrepare = 32; csb.AutoPrepareMinUsages = 2; }
        // The store's connections carry no session state (its locks are transaction-scoped, LISTEN has its own
        // connection), so skip the reset statements Npgsql would otherwise send with every pooled connection's next use.
        csb.NoResetOnClose = true;
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseLoggerFactory(loggers);
        _dataSource = builder.Build();
        var txBuilder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(csb.ConnectionString) { MaxAutoPrepare = 0 }.ConnectionString);
        txBuilder.UseLoggerFactory(loggers);
        _txDataSource = txBuilder.Build();
        _notifier = new PostgresNotifier(_dataSource, _sql, loggers.CreateLogger<PostgresNotifier>());
        Capabilities = new StoreCapabilities { CrossProcessSignals = options.Listen, IdlePollInterval = options.SafetyPollInterval };
        if (options.Listen)
            _listener = new PostgresSignalListener(csb, [_sql.AvailableChannel, _sql.FinishedChannel], OnNotification, Signals.RaiseReset,
                loggers.CreateLogger<PostgresSignalListener>());
    }

    public StoreCapabilities Capabilities { get; }
    public StoreSignals Signals { get; } = new();

    public void StartSignals() => _listener?.Start();

    private void OnNotification(string channel, string payload)
    {
        if (channel == _sql.AvailableChannel) Signals.RaiseJobsAvailable(payload);
        else if (channel == _sql.FinishedChannel)
        {
            var ids = new List<Guid>();
            foreach (var part in payload.Split(',', StringSplitOptions.RemoveEmptyEntries))
                if (Guid.TryParse(part, out var id)) ids.Add(id);
            Signals.RaiseJobsFinished(ids);
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection? connection = null, NpgsqlTransaction? tx = null)
        => connection is null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection, tx);

    private static void Add<T>(NpgsqlCommand cmd, string name, T value, NpgsqlDbType? type = null)
    {
        var p = new NpgsqlParameter<T>(name, value);
        if (type is { } t) p.NpgsqlDbType = t;
        cmd.Parameters.Add(p);
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
                $"The Jobs tables are missing from schema \"{_sql.Schema}\" ({ex.MessageText}). Run the migrations first: " +
                $"`jobs migrate up`, or new JobsMigrator(JobsDatabase.Postgres, connectionString, \"{_sql.Schema}\").MigrateUp() (package Jobs.Migrations.Postgres).", ex);
        }
    }

    /// <summary>The database clock (statement time), for relative times computed in C# inside one transaction.</summary>
    private async Task<DateTimeOffset> DbNowAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(_sql.DbNow, conn, tx);
        return new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!, TimeSpan.Zero);
    }

    private static async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var ids = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) ids.Add(reader.GetGuid(0));
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _notifier.FlushAsync().ConfigureAwait(false);
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
        await _txDataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _notifier.FlushAsync().GetAwaiter().GetResult();
        _listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
        _txDataSource.Dispose();
    }
}
