using Microsoft.Extensions.Logging;
using Npgsql;

namespace Jobs.Postgres;

/// <summary>
/// One dedicated connection that LISTENs on the store's channels and forwards notifications. When the connection
/// drops (server restart, pg_terminate_backend, network), it reconnects with backoff and raises a reset, because
/// notifications sent meanwhile are lost and everyone must re-check.
/// </summary>
internal sealed class PostgresSignalListener : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly string[] _channels;
    private readonly Action<string, string> _onNotification;
    private readonly Action _onReset;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task? _loop;

    public PostgresSignalListener(NpgsqlConnectionStringBuilder connection, string[] channels, Action<string, string> onNotification, Action onReset, ILogger log)
    {
        var csb = new NpgsqlConnectionStringBuilder(connection.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10,
            ApplicationName = (connection.ApplicationName ?? "jobs") + " listener",
        };
        _source = NpgsqlDataSource.Create(csb.ConnectionString);
        _channels = channels;
        _onNotification = onNotification;
        _onReset = onReset;
        _log = log;
    }

    public void Start()
    {
        lock (_gate) _loop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var conn = await _source.OpenConnectionAsync(stop).ConfigureAwait(false);
                conn.Notification += (_, e) => _onNotification(e.Channel, e.Payload);
                await using (var cmd = conn.CreateCommand())
                {
                    cmd.CommandText = string.Concat(_channels.Select(c => $"LISTEN {Jobs.Storage.SchemaName.QuoteDouble(c)};"));
                    await cmd.ExecuteNonQueryAsync(stop).ConfigureAwait(false);
                }
                if (failures > 0) _log.LogInformation("Listener reconnected.");
                failures = 0;
                _onReset();
                while (!stop.IsCancellationRequested) await conn.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                failures++;
                _log.LogWarning(ex, "Listener connection lost (failure {Count}); reconnecting.", failures);
                _onReset();
                var ms = Math.Min(5000, 100 * (1 << Math.Min(failures, 6)));
                try { await Task.Delay(ms, stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null)
        {
            try { await _loop.ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        await _source.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }
}
