using Jobs.Storage;
using Jobs.Worker;

namespace Jobs;

/// <summary>
/// Waits for jobs to finish, woken by the store's completion signals (no busy poll). A slow re-check
/// remains as a safety net, and every waiter re-checks when the signal channel is re-established. A store call
/// that fails transiently is retried with backoff until the deadline, which also bounds a hanging store call.
/// </summary>
internal sealed class ResultWaiter
{
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, List<TaskCompletionSource>> _waiting = new();
    private readonly TimeSpan _safetyInterval;

    public ResultWaiter(IJobStore store, JobsOptions options)
    {
        _store = store;
        _time = options.TimeProvider;
        _safetyInterval = store.Capabilities.CrossProcessSignals ? TimeSpan.FromSeconds(5) : store.Capabilities.IdlePollInterval;
        store.Signals.JobsFinished += OnFinished;
        store.Signals.Reset += OnReset;
    }

    public async Task<JobInfo> WaitAsync(Guid id, TimeSpan timeout, CancellationToken ct)
    {
        _store.StartSignals();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var backoff = new ErrorBackoff(_time);
        Exception? lastError = null;
        while (true)
        {
            var signal = Register(id);
            try
            {
                JobInfo? job;
                try
                {
                    job = (await _store.GetJobsAsync([id], linked.Token).ConfigureAwait(false)).FirstOrDefault();
                    lastError = null;
                    backoff.Reset();
                }
                catch (Exception ex) when (IsTransient(ex) && !linked.IsCancellationRequested)
                {
                    // The database is unreachable for a moment: look again shortly, until the deadline.
                    lastError = ex;
                    await backoff.DelayAsync(linked.Token).ConfigureAwait(false);
                    continue;
                }
                if (job is { IsReady: true }) return job;
                try { await signal.Task.WaitAsync(_safetyInterval, _time, linked.Token).ConfigureAwait(false); }
                catch (TimeoutException) { /* safety re-check */ }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException(lastError is null
                    ? $"Job {id} did not finish within {timeout}."
                    : $"Job {id} did not finish within {timeout}; the last attempt to read it failed: {lastError.Message}", lastError);
            }
            finally { Unregister(id, signal); }
        }
    }

    /// <summary>Errors worth waiting out; Jobs' own errors (e.g. missing tables) and misuse are not.</summary>
    private static bool IsTransient(Exception ex)
        => ex is not (JobsException or ObjectDisposedException or ArgumentException or OperationCanceledException);

    private TaskCompletionSource Register(Guid id)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiting)
        {
            if (!_waiting.TryGetValue(id, out var list)) _waiting[id] = list = [];
            list.Add(tcs);
        }
        return tcs;
    }

    private void Unregister(Guid id, TaskCompletionSource tcs)
    {
        lock (_waiting)
        {
            if (_waiting.TryGetValue(id, out var list) && list.Remove(tcs) && list.Count == 0) _waiting.Remove(id);
        }
    }

    private void OnFinished(IReadOnlyList<Guid> ids)
    {
        lock (_waiting)
        {
            if (_waiting.Count == 0) return;
            foreach (var id in ids)
                if (_waiting.TryGetValue(id, out var list))
                    foreach (var t in list) t.TrySetResult();
        }
    }

    private void OnReset()
    {
        lock (_waiting)
            foreach (var list in _waiting.Values)
                foreach (var t in list) t.TrySetResult();
    }
}
