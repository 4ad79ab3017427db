using Jobs.Storage;

namespace Jobs;

/// <summary>
/// Waits for jobs to finish, woken by the store's completion signals (no busy poll). A slow re-check
/// remains as a safety net, and every waiter re-checks when the signal channel is re-established.
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
        while (true)
        {
            var signal = Register(id);
            try
            {
                var job = (await _store.GetJobsAsync([id], ct).ConfigureAwait(false)).FirstOrDefault();
                if (job is { IsReady: true }) return job;
                await signal.Task.WaitAsync(_safetyInterval, _time, linked.Token).ConfigureAwait(false);
            }
            catch (TimeoutException) { /* safety re-check */ }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new TimeoutException($"Job {id} did not finish within {timeout}.");
            }
            finally { Unregister(id, signal); }
        }
    }

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
