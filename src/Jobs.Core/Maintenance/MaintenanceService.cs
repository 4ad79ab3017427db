using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Maintenance;

/// <summary>A periodic maintenance task (Oban's plugin shape): runs <see cref="RunOnceAsync"/> every interval until stopped; errors are logged, never fatal.</summary>
internal abstract class MaintenanceService(TimeSpan interval, TimeProvider time, ILogger log) : BackgroundService
{
    protected abstract string Name { get; }

    /// <summary>Does one round; returns how many rows it handled.</summary>
    protected internal abstract Task<int> RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var n = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (n > 0) log.LogInformation("{Name}: {Count} jobs.", Name, n);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "{Name} failed; will try again.", Name);
                try { await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }
}
