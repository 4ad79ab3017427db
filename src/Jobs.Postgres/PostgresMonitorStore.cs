using Jobs.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

/// <summary>
/// The PostgreSQL monitoring store: the worker, event and control tables and the reporting views of the store's schema,
/// on a small data source of its own; control requests and stored events are announced with NOTIFY and, when the
/// store listens, received on one LISTEN connection.
/// </summary>
internal sealed partial class PostgresMonitorStore : IMonitorStore, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Statements _sql;
    private readonly PostgresSignalListener? _listener;
    private readonly ILogger _log;
    private int _disposed;

    public PostgresMonitorStore(string connectionString, PostgresStoreOptions options, ILoggerFactory loggers)
    {
        _sql = new Statements(options.Schema);
        _log = loggers.CreateLogger<PostgresMonitorStore>();
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "jobs";
        csb.NoResetOnClose = true; // no session state: the locks taken are transaction-scoped
        var builder = new NpgsqlDataSourceBuilder(csb.ConnectionString);
        builder.UseLoggerFactory(loggers);
        _dataSource = builder.Build();
        Capabilities = new StoreCapabilities { CrossProcessSignals = options.Listen, IdlePollInterval = TimeSpan.FromSeconds(2) };
        if (options.Listen)
            _listener = new PostgresSignalListener(csb, [_sql.ControlChannel, _sql.EventsChannel], OnNotification, Signals.RaiseReset,
                loggers.CreateLogger<PostgresSignalListener>());
    }

    public MonitorSignals Signals { get; } = new();
    public StoreCapabilities Capabilities { get; }

    public void StartSignals() => _listener?.Start();

    private void OnNotification(string channel, string payload)
    {
        if (channel == _sql.ControlChannel) Signals.RaiseControlSent();
        else if (channel == _sql.EventsChannel) Signals.RaiseEventsStored();
    }

    /// <summary>Tells listeners about a committed write; a failure only delays them until their next poll.</summary>
    private async Task NotifyAsync(string channel, CancellationToken ct)
    {
        try
        {
            await using var cmd = _dataSource.CreateCommand(_sql.Notify);
            Add(cmd, "channel", channel);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            _log.LogWarning(ex, "Sending the {Channel} notification failed; listeners will see the change at their next poll.", channel);
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection? connection = null)
        => connection is null ? _dataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection);

    private static void Add<T>(NpgsqlCommand cmd, string name, T value, NpgsqlDbType? type = null)
    {
        var p = new NpgsqlParameter<T>(name, value);
        if (type is { } t) p.NpgsqlDbType = t;
        cmd.Parameters.Add(p);
    }

    private static long Ms(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    /// <summary>Runs a call, turning "relation does not exist" into a clear message about migrations.</summary>
    private async Task<T> Run<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
        {
            throw new JobsException(
                $"The Jobs monitoring tables are missing from schema \"{_sql.Schema}\" ({ex.MessageText}). Run the migrations first: " +
                $"`jobs migrate up`, or new JobsMigrator(JobsDatabase.Postgres, connectionString, \"{_sql.Schema}\").MigrateUp() (package Jobs.Migrations.Postgres).", ex);
        }
    }

    private Task Run(Func<Task> call) => Run(async () => { await call().ConfigureAwait(false); return 0; });

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_listener is not null) await _listener.DisposeAsync().ConfigureAwait(false);
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same cleanup, waited for.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _listener?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataSource.Dispose();
    }
}
