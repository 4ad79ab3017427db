using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

internal sealed partial class JobWorker
{
    /// <summary>
    /// Graceful shutdown: stop claiming; release buffered jobs; let running jobs finish within the grace period,
    /// then cancel them and release them (the attempt does not count); write pending outcomes.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_fetchLoop is null) return;
        _stopClaiming.Cancel();
        await _fetchLoop.ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        while (_buffer.Reader.TryRead(out var job))
        {
            if (_held.TryGetValue(job.Id, out var entry)) _toRelease.Add(entry);
            Interlocked.Decrement(ref _reserved);
        }

        var executors = Task.WhenAll(_executors);
        if (!await FinishedWithin(executors, _options.ShutdownGracePeriod, cancellationToken).ConfigureAwait(false))
        {
            _log.LogWarning("Worker {Worker}: jobs still running after the {Grace} grace period are cancelled and released.", Name, _options.ShutdownGracePeriod);
            _hardStop.Cancel();
            await FinishedWithin(executors, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        using (cancellationToken.Register(_giveUp.Cancel))
            await _completer.StopAsync().ConfigureAwait(false);

        // Whatever is still held and not written (released, or stuck ignoring cancellation) goes back to the queue.
        var release = _toRelease.Concat(_held.Values.Where(e => !e.Completing)).Select(e => e.Key).Distinct().ToList();
        if (release.Count > 0)
        {
            try
            {
                var n = await _store.ReleaseAsync(Name, release, CancellationToken.None).ConfigureAwait(false);
                _log.LogInformation("Worker {Worker} released {Count} unfinished jobs back to their queues.", Name, n);
            }
            catch (Exception ex)
            {
                _log.LogWarning(ex, "Worker {Worker} could not release {Count} jobs; they will be rescued when their leases expire.", Name, release.Count);
            }
        }
        _giveUp.Cancel();
        await _leases.Completion.ConfigureAwait(false);
        _store.Signals.JobsAvailable -= OnJobsAvailable;
        _store.Signals.Reset -= _wake.Set;
        _log.LogInformation("Worker {Worker} stopped.", Name);
    }

    private async Task<bool> FinishedWithin(Task task, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await task.WaitAsync(timeout, _time, ct).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) { return false; }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (_fetchLoop is not null && !_giveUp.IsCancellationRequested) await StopAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var e in _held.Values) e.Dispose();
        _stopClaiming.Dispose(); _hardStop.Dispose(); _giveUp.Dispose();
    }
}
