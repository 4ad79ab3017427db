using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;

namespace Jobs.SqlServer;

/// <summary>
/// The cross-process wake-up: SQL Server has no LISTEN/NOTIFY (and Service Broker is not on Azure SQL Database), so
/// one loop per store reads a fingerprint of the tables (change_probe.sql: newest job, latest finish, latest queue
/// pause or resume, newest control request and event) and, when it moved, tells this process's idle workers and result waiters to look again. Adaptive:
/// the next check follows <see cref="SqlServerStoreOptions.MinPollInterval"/> after a change (or a local write) and
/// doubles up to <see cref="SqlServerStoreOptions.MaxPollInterval"/> while nothing changes, so an idle process costs
/// one two-seek query every couple of seconds and a busy one sees other processes' commits within ~100 ms.
/// </summary>
internal sealed class SqlServerChangePoller(string connectionString, string probeSql, SqlServerStoreOptions options,
    Action changed, ILogger log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private Task? _loop;

    public void Start()
    {
        lock (_stop)
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>This process wrote: others will likely answer soon, so poll at the fastest rate again.</summary>
    public void Nudge()
    {
        if (_nudge.CurrentCount == 0)
            try { _nudge.Release(); } catch (SemaphoreFullException) { }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        (object?, object?, object?, object?, object?)? last = null;
        var interval = options.MinPollInterval;
        while (!stop.IsCancellationRequested)
        {
            var nudged = await WaitAsync(interval, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested) return;
            try
            {
                var now = await ProbeAsync(stop).ConfigureAwait(false);
                // The first reading has no baseline: a commit between the caller's last look and now would be absorbed
                // into it, so everyone re-checks once (as after a LISTEN connection is established).
                var moved = last is null || !Equals(last, now);
                last = now;
                if (moved) changed();
                interval = moved || nudged ? options.MinPollInterval : Next(interval);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception ex) when (ex is SqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(ex, "Checking SQL Server for other processes' changes failed; retrying.");
                last = null;
                changed(); // something may have been missed meanwhile
                interval = options.MaxPollInterval;
            }
        }
    }

    private TimeSpan Next(TimeSpan interval)
    {
        var doubled = interval * 2;
        return doubled > options.MaxPollInterval ? options.MaxPollInterval : doubled;
    }

    /// <summary>Waits <paramref name="interval"/> or until nudged; true when nudged.</summary>
    private async Task<bool> WaitAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            return await _nudge.WaitAsync(interval, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) { return false; }
    }

    private async Task<(object?, object?, object?, object?, object?)> ProbeAsync(CancellationToken stop)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync(stop).ConfigureAwait(false);
        await using var command = new SqlCommand(probeSql, connection) { CommandTimeout = (int)options.CommandTimeout.TotalSeconds };
        await using var r = await command.ExecuteReaderAsync(stop).ConfigureAwait(false);
        if (!await r.ReadAsync(stop).ConfigureAwait(false)) return (null, null, null, null, null);
        object? Value(int i) => r.IsDBNull(i) ? null : i == 0 ? Convert.ToHexString((byte[])r.GetValue(i)) : r.GetValue(i);
        return (Value(0), Value(1), Value(2), Value(3), Value(4));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _nudge.Dispose();
    }
}
