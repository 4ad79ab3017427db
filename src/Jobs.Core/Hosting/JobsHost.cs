using Jobs.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Hosting;

/// <summary>
/// The one hosted service of a Jobs host: starts its components in dependency order (<see cref="ComponentOrder"/>) and
/// stops them in reverse, then raises worker-ready / worker-shutdown. A component that fails to start stops the ones
/// started before it, and the host's start fails with its exception. Disposing it (a service provider disposed without
/// stopping its hosted services) stops what was started.
/// </summary>
internal sealed class JobsHost(IReadOnlyList<IJobsComponent> components, IReadOnlyList<JobWorker> workers, JobsOptions options, ILogger log)
    : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly IReadOnlyList<IJobsComponent> _order = ComponentOrder.Sort(components);
    private readonly List<IJobsComponent> _started = [];

    /// <summary>The components in start order.</summary>
    public IReadOnlyList<IJobsComponent> Order => _order;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var c in _order)
        {
            try
            {
                await c.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "Jobs component '{Component}' failed to start; stopping the components started before it.", c.Name);
                await StopAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            lock (_started) _started.Add(c);
        }
        foreach (var w in workers) options.Signals.RaiseWorkerReady(new WorkerSignal(w.Name, w.Queues), log);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<IJobsComponent> started;
        lock (_started)
        {
            started = [.. _started];
            _started.Clear();
        }
        if (started.Count == 0) return;
        foreach (var w in workers) options.Signals.RaiseWorkerShutdown(new WorkerSignal(w.Name, w.Queues), log);
        for (var i = started.Count - 1; i >= 0; i--)
        {
            try { await started[i].StopAsync(cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) { log.LogError(ex, "Jobs component '{Component}' failed to stop cleanly.", started[i].Name); }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);

    public void Dispose() => StopAsync(CancellationToken.None).GetAwaiter().GetResult();
}
