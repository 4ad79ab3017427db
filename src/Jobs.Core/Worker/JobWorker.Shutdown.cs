using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

internal sealed partial class JobWorker
{
    private readonly Lock _stopGate = new();
    private Task? _stopping;
    private int _disposed;

    /// <summary>
    /// Graceful shutdown: stop claiming; release buffered jobs; let running jobs finish within the grace period,
    /// then cancel them and release them (the attempt does not count); write pending outcomes. Releasing runs even
    /// when writing outcomes fails. Repeated calls share one shutdown.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_fetchLoop is null) return Task.CompletedTask;
        lock (_stopGate) return _stopping ??= StopCoreAsync(cancellationToken);
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _stopClaiming.Cancel();
        await _fetchLoop!.ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        while (_buffer.Reader.TryRead(out var job))
        {
            if (_held.TryGetValue(new HeldJob(job.Id, job.Attempt), out var entry)) _toRelease.Add(entry);
            Interlocked.Decrement(ref _reserved);
        }

        Task executors;
        lock (_executorsGate) executors = Task.WhenAll(_executors);
        if (!await FinishedWithin(executors, _options.ShutdownGracePeriod, cancellationToken).ConfigureAwait(false))
        {
            _log.LogWarning("Worker {Worker}: jobs still running after the {Grace} grace period are cancelled and released.", Name, _options.ShutdownGracePeriod);
            _hardStop.Cancel();
            await FinishedWithin(executors, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }

        try
        {
            using (cancellationToken.Register(_giveUp.Cancel))
                await _completer.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _log.LogError(ex, "Worker {Worker}: writing the last job outcomes failed; those jobs will be rescued when their leases expire.", Name);
        }

        await ReleaseUnfinishedAsync().ConfigureAwait(false);
        _giveUp.Cancel();
        await _leases.Completion.ConfigureAwait(false);
        foreach (var (key, entry) in _held)
            if (_held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(key, entry))) entry.Dispose();
        _store.Signals.JobsAvailable -= OnJobsAvailable;
        _store.Signals.Reset -= _wake.Set;
        _store.Signals.JobsFinished -= OnJobsFinished;
        _log.LogInformation("Worker {Worker} stopped.", Name);
    }

    /// <summary>Whatever is still held and not written (released, or stuck ignoring cancellation) goes back to the queue.</summary>
    private async Task ReleaseUnfinishedAsync()
    {
        var release = _toRelease.Concat(_held.Values.Where(e => !e.Completing)).DistinctBy(e => e.Key).ToList();
        if (release.Count == 0) return;
        try
        {
            var n = await _store.ReleaseAsync(Name, release.Select(e => e.Key).ToList(), CancellationToken.None).ConfigureAwait(false);
            _log.LogInformation("Worker {Worker} released {Count} unfinished jobs back to their queues.", Name, n);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Worker {Worker} could not release {Count} jobs; they will be rescued when their leases expire.", Name, release.Count);
        }
        foreach (var e in release)
        {
            _held.TryRemove(new KeyValuePair<HeldJob, HeldEntry>(e.Key, e));
            e.Dispose();
        }
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
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var e in _held.Values) e.Dispose();
        _held.Clear();
        _stopClaiming.Dispose(); _hardStop.Dispose(); _giveUp.Dispose();
    }

    /// <summary>Synchronous disposal (e.g. a service provider disposed with <c>using</c>): the same shutdown, waited for.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
