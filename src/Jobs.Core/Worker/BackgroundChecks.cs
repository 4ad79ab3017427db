using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// The checks a worker starts beside its loops (a lease check run at once, the look-up of why leases were lost): each
/// runs on the thread pool with the worker's give-up token, and <see cref="StopAsync"/>, the end of the worker's stop,
/// waits for all of them. A check asked for once the stop began is not started.
/// </summary>
internal sealed class BackgroundChecks(CancellationToken giveUp, string worker, ILogger log)
{
    private readonly Lock _gate = new();
    private readonly List<Task> _running = [];
    private bool _stopped;

    /// <summary>Starts <paramref name="check"/>; false when the worker is stopping (it was not started).</summary>
    public bool Start(Func<CancellationToken, Task> check)
    {
        lock (_gate)
        {
            if (_stopped) return false;
            _running.RemoveAll(t => t.IsCompleted);
            _running.Add(Task.Run(() => RunAsync(check)));
            return true;
        }
    }

    /// <summary>Starts no more checks and waits for the running ones (cancel the give-up token first to hurry them).</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            return Task.WhenAll(_running);
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> check)
    {
        try { await check(giveUp).ConfigureAwait(false); }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested) { }
        catch (Exception ex) { log.LogDebug(ex, "A background check of worker {Worker} failed.", worker); }
    }
}
