using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Jobs.Sqlite;

/// <summary>
/// The cross-process wake-up: SQLite has no LISTEN/NOTIFY, but <c>pragma data_version</c> changes whenever another
/// connection commits to the file. One cheap check every few milliseconds on a dedicated connection tells idle
/// workers and result waiters in this process to look again.
/// </summary>
internal sealed class SqliteChangeWatcher(Func<SqliteConnection> open, string dataVersionSql, TimeSpan interval, Action changed, ILogger log) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Start()
    {
        lock (_stop)
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    private async Task RunAsync(CancellationToken stop)
    {
        long? last = null;
        SqliteConnection? connection = null;
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    connection ??= open();
                    using var command = connection.CreateCommand();
                    command.CommandText = dataVersionSql;
                    var version = Convert.ToInt64(command.ExecuteScalar());
                    // The first reading has no baseline: a commit between the caller's last look and now would be
                    // absorbed into it, so everyone re-checks once (as after a LISTEN connection is established).
                    if (version != last) changed();
                    last = version;
                }
                catch (SqliteException ex)
                {
                    log.LogWarning(ex, "Checking the SQLite file for changes failed; retrying.");
                    connection?.Dispose();
                    connection = null;
                    last = null;
                    changed(); // something may have been missed meanwhile
                }
            }
        }
        catch (OperationCanceledException) { }
        finally { connection?.Dispose(); }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
