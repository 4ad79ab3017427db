using Jobs.Monitoring;
using Jobs.Worker;
using Microsoft.Extensions.Hosting;

namespace Jobs.Hosting;

/// <summary>A built-in service (limits, rescuer, pruner, beat) as a component.</summary>
internal sealed class ServiceComponent(string name, IHostedService service, params string[] requires) : IJobsComponent
{
    public string Name => name;
    public IReadOnlyCollection<string> Requires => requires;
    public Task StartAsync(CancellationToken cancellationToken) => service.StartAsync(cancellationToken);
    public Task StopAsync(CancellationToken cancellationToken) => service.StopAsync(cancellationToken);
}

/// <summary>The workers' executors, completers and lease keepers. Stopping it is a no-op: the consumer's graceful stop drains them.</summary>
internal sealed class PoolComponent(IReadOnlyList<JobWorker> workers, params string[] requires) : IJobsComponent
{
    public string Name => JobsComponents.Pool;
    public IReadOnlyCollection<string> Requires => requires;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var w in workers) w.StartPool();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The workers' fetch loops; stopping it is the workers' graceful shutdown (stop claiming, finish or release, write outcomes).</summary>
internal sealed class ConsumerComponent(IReadOnlyList<JobWorker> workers, params string[] requires) : IJobsComponent
{
    public string Name => JobsComponents.Consumer;
    public IReadOnlyCollection<string> Requires => requires;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var w in workers) w.StartConsumer();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.WhenAll(workers.Select(w => w.StopAsync(cancellationToken)));
}

/// <summary>The events table writer: events are written as they come; stopping writes what is buffered.</summary>
internal sealed class EventsComponent(EventRecorder recorder) : IJobsComponent
{
    public string Name => JobsComponents.Events;
    public IReadOnlyCollection<string> Requires => [];
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => recorder.FlushAsync();
}
