using System.Reflection;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Monitoring;

/// <summary>
/// The heartbeat component: registers the host's workers in the workers table (worker-online), writes their heartbeat
/// every interval (worker-heartbeat; a worker whose row was swept registers again), and marks them stopped when they
/// stop (worker-offline, after the consumer drained). Every 30 seconds it also sweeps workers that missed three
/// heartbeats (worker-offline "missed heartbeats", emitted by whichever host swept them) and, when this host does
/// maintenance, prunes old events and expired control requests. Database errors are logged, never fatal: monitoring
/// must not stop a worker.
/// </summary>
internal sealed class WorkerRegistry(IMonitorStore monitor, IReadOnlyList<IWorkerNode> workers, JobEventHub events, JobsOptions options, ILogger log)
    : IJobsComponent
{
    internal static readonly string Version =
        typeof(WorkerRegistry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";

    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ForgetStoppedAfter = TimeSpan.FromDays(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly TimeSpan _interval = options.Monitoring.HeartbeatInterval;
    private Task? _loop;
    private bool _failing;

    public string Name => JobsComponents.Heartbeat;
    public IReadOnlyCollection<string> Requires => [JobsComponents.Pool];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var w in workers)
        {
            try { await monitor.RegisterWorkerAsync(Registration(w), cancellationToken).ConfigureAwait(false); }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Worker {Worker} could not register in the workers table (is the database migrated?); will retry with its heartbeat.", w.Name);
            }
            Publish(w, JobEventTypes.WorkerOnline, 0);
        }
        _loop = Task.Run(() => LoopAsync(_stop.Token));
    }

    private WorkerRegistration Registration(IWorkerNode w) => new()
    {
        Name = w.Name, Hostname = Environment.MachineName, Pid = Environment.ProcessId, Queues = w.Queues,
        Pool = w.Pool, Concurrency = w.Concurrency, Version = Version, HeartbeatInterval = _interval,
    };

    private async Task LoopAsync(CancellationToken stop)
    {
        var nextSweep = _time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _time, stop).ConfigureAwait(false);
                foreach (var w in workers)
                {
                    var active = (await w.ActiveAsync(stop).ConfigureAwait(false)).Count;
                    if (!await monitor.HeartbeatAsync(Registration(w), new WorkerLoad(active, Processed(w)), stop).ConfigureAwait(false))
                        await monitor.RegisterWorkerAsync(Registration(w), stop).ConfigureAwait(false);
                    Publish(w, JobEventTypes.WorkerHeartbeat, active);
                }
                if (_time.GetTimestamp() >= nextSweep)
                {
                    nextSweep = _time.GetTimestamp() + (long)(SweepInterval.TotalSeconds * _time.TimestampFrequency);
                    await SweepAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // Once per outage, not every interval (e.g. a database not migrated to the monitoring tables yet).
                if (!_failing) log.LogWarning(ex, "Writing worker heartbeats failed; retrying every {Interval} (logged again when it recovers).", _interval);
                else log.LogDebug(ex, "Writing worker heartbeats failed again.");
                _failing = true;
                continue;
            }
            if (_failing) log.LogInformation("Writing worker heartbeats works again.");
            _failing = false;
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var lapsed = await monitor.SweepWorkersAsync(ForgetStoppedAfter, ct).ConfigureAwait(false);
        foreach (var name in lapsed)
        {
            log.LogWarning("Worker {Worker} missed its heartbeats; marked offline.", name);
            events.Publish(new JobEvent { Type = JobEventTypes.WorkerOffline, Timestamp = _time.GetUtcNow(), Worker = name, Reason = "missed heartbeats" },
                workers.Any(w => w.SendsEvents));
        }
        if (!options.Maintenance.Enabled) return;
        await monitor.PruneEventsAsync(options.Monitoring.EventRetention, ct).ConfigureAwait(false);
        await monitor.PruneControlAsync(ct).ConfigureAwait(false);
    }

    private static long Processed(IWorkerNode w)
    {
        var (succeeded, failed, retried) = w.Outcomes;
        return succeeded + failed + retried;
    }

    private void Publish(IWorkerNode w, string type, int active)
    {
        if (!events.Wants(w.SendsEvents)) return;
        events.Publish(new JobEvent
        {
            Type = type, Timestamp = _time.GetUtcNow(), Worker = w.Name, Hostname = Environment.MachineName, Pid = Environment.ProcessId,
            Active = active, Processed = Processed(w), Freq = _interval.TotalSeconds, Version = Version, Queue = string.Join(",", w.Queues),
            Reason = type == JobEventTypes.WorkerOffline ? "shutdown" : null,
        }, w.SendsEvents);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        foreach (var w in workers)
        {
            try { await monitor.MarkStoppedAsync(w.Name, CancellationToken.None).ConfigureAwait(false); }
            catch (Exception ex) { log.LogWarning(ex, "Worker {Worker} could not mark itself stopped in the workers table.", w.Name); }
            Publish(w, JobEventTypes.WorkerOffline, 0);
        }
        _stop.Dispose();
    }
}
