using System.Text.Json;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Base of the monitoring port's suites: the store's <see cref="IMonitorStore"/> beside the usual client and port.</summary>
public abstract class MonitorConformanceBase : ConformanceBase, IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The store's monitor store, from its own container (disposed after each test).</summary>
    internal IMonitorStore Monitor { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); });
        _services = services.BuildServiceProvider();
        Monitor = _services.GetRequiredService<IMonitorStore>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await DisposeAsync();
    }

    internal static WorkerRegistration Worker(string name, TimeSpan? interval = null, string[]? queues = null, int concurrency = 4) => new()
    {
        Name = name,
        Hostname = "host-" + name,
        Pid = 4242,
        Queues = queues ?? ["default"],
        Pool = "async",
        Concurrency = concurrency,
        Version = "1.2.3",
        HeartbeatInterval = interval ?? TimeSpan.FromSeconds(2),
    };
}
