using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.Logging;

namespace Jobs.Monitoring;

/// <summary>
/// The control component: reads the control requests sent after the host started (woken by the store's notification,
/// else polling), lets <see cref="ControlHandler"/> carry each out for each addressed worker of the host, and stores the
/// replies. A request that fails gets an error reply; nothing here stops a worker (except a shutdown request).
/// </summary>
internal sealed class ControlResponder(IMonitorStore monitor, IReadOnlyList<IWorkerNode> workers, ControlHandler handler, TimeProvider time, ILogger log)
    : IJobsComponent
{
    private readonly CancellationTokenSource _stop = new();
    private readonly AsyncSignal _wake = new();
    private long _lastId;
    private Task? _loop;

    public string Name => JobsComponents.Control;
    public IReadOnlyCollection<string> Requires => [JobsComponents.Consumer];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        monitor.Signals.ControlSent += _wake.Set;
        monitor.Signals.Reset += _wake.Set;
        try
        {
            monitor.StartSignals();
            _lastId = await monitor.LastControlIdAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _lastId = -1; // read the newest id in the loop
            log.LogWarning(ex, "Remote control could not read the control table (is the database migrated?); will retry.");
        }
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        // With pushed signals the poll is a safety net only.
        var poll = monitor.Capabilities.CrossProcessSignals ? TimeSpan.FromSeconds(2) : monitor.Capabilities.IdlePollInterval;
        var backoff = new ErrorBackoff(time);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_lastId < 0) _lastId = await monitor.LastControlIdAsync(stop).ConfigureAwait(false);
                await HandleNewAsync(stop).ConfigureAwait(false);
                backoff.Reset();
                await _wake.WaitAsync(poll, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Reading control requests failed; will retry.");
                try { await backoff.DelayAsync(stop).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Carries out the new requests at most once: the position moves past them before they run.</summary>
    private async Task HandleNewAsync(CancellationToken stop)
    {
        var work = new List<(IWorkerNode Worker, ControlRequest Request)>();
        foreach (var w in workers)
            foreach (var request in await monitor.ReadControlAsync(_lastId, w.Name, stop).ConfigureAwait(false))
                work.Add((w, request));
        if (work.Count == 0) return;
        _lastId = work.Max(x => x.Request.Id);
        foreach (var (w, request) in work.OrderBy(x => x.Request.Id))
        {
            string reply;
            try { reply = await handler.HandleAsync(w, request, stop).ConfigureAwait(false); }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                log.LogWarning(ex, "Worker {Worker} failed to carry out control request {Id} ({Command}).", w.Name, request.Id, request.Command);
                reply = ControlHandler.Error(ex.Message);
            }
            await monitor.ReplyControlAsync(request.Id, w.Name, reply, stop).ConfigureAwait(false);
            handler.AfterReply(w, request);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        monitor.Signals.ControlSent -= _wake.Set;
        monitor.Signals.Reset -= _wake.Set;
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
