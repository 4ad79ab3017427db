using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Limits;

/// <summary>
/// Stores the limits declared in code (task and queue options) when a worker host starts, before its workers claim:
/// new ones are inserted, changed declarations rewrite theirs, and run-time changes of unchanged ones are kept. If the
/// database cannot be reached at start, it keeps trying in the background instead of holding the host up.
/// </summary>
internal sealed class LimitDeclarer(ILimitStore store, JobsOptions options, ILogger<LimitDeclarer> log) : IHostedService
{
    private readonly CancellationTokenSource _stop = new();
    private Task _retry = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await DeclareAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogWarning(ex, "Declaring rate and concurrency limits failed; will keep trying.");
            _retry = Task.Run(() => RetryAsync(_stop.Token));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try { await _retry.WaitAsync(cancellationToken).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    private async Task DeclareAsync(CancellationToken ct)
    {
        var limits = options.DeclaredLimits.Values.ToList();
        var changed = await store.DeclareLimitsAsync(limits, ct).ConfigureAwait(false);
        log.LogInformation("Declared {Count} rate/concurrency limits ({Changed} new or changed).", limits.Count, changed);
    }

    private async Task RetryAsync(CancellationToken stop)
    {
        var backoff = new Worker.ErrorBackoff(options.TimeProvider);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await backoff.DelayAsync(stop).ConfigureAwait(false);
                await DeclareAsync(stop).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "Declaring rate and concurrency limits failed; will keep trying."); }
        }
    }
}
