using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Base of every conformance test class: a fresh store per test from the store's <see cref="StoreHarness"/>,
/// a client, the raw port, and helpers to run worker hosts.
/// </summary>
public abstract class ConformanceBase : IAsyncLifetime
{
    private readonly List<IHost> _hosts = [];
    private ServiceProvider? _clientServices;

    protected StoreHarness Harness { get; private set; } = null!;
    protected TestTasks Tasks { get; } = new();
    protected IJobClient Client { get; private set; } = null!;
    internal JobStore Store { get; private set; } = null!;

    /// <summary>Creates a fresh isolated store (e.g. a new migrated schema).</summary>
    protected abstract Task<StoreHarness> CreateHarnessAsync();

    public async Task InitializeAsync()
    {
        Harness = await CreateHarnessAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); ConfigureClient(o); });
        _clientServices = services.BuildServiceProvider();
        Client = _clientServices.GetRequiredService<IJobClient>();
        Store = (JobStore)_clientServices.GetRequiredService<IJobStore>();
    }

    protected virtual void ConfigureClient(JobsOptions options) { }

    /// <summary>Remote control and monitoring from the client's container.</summary>
    protected JobControl Control => _clientServices!.GetRequiredService<JobControl>();

    /// <summary>The public administration API on the client host.</summary>
    protected JobAdmin Admin => _clientServices!.GetRequiredService<JobAdmin>();

    /// <summary>Starts a host running one worker on this store (with maintenance) and returns it.</summary>
    protected async Task<IHost> StartWorkerAsync(Action<WorkerOptions>? worker = null, Action<JobsOptions>? jobs = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddJobs(o =>
        {
            Harness.Configure(o);
            Tasks.Register(o);
            o.Maintenance.RescueInterval = TimeSpan.FromMilliseconds(200);
            jobs?.Invoke(o);
            o.AddWorker(w =>
            {
                w.PollInterval = TimeSpan.FromMilliseconds(500);
                worker?.Invoke(w);
            });
        });
        var host = builder.Build();
        try { await host.StartAsync(); }
        catch
        {
            host.Dispose();
            throw;
        }
        _hosts.Add(host);
        return host;
    }

    /// <summary>Starts a host on this store configured only by <paramref name="jobs"/> (e.g. a beat without workers) and returns it.</summary>
    protected async Task<IHost> StartHostAsync(Action<JobsOptions> jobs, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        builder.Services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); jobs(o); });
        var host = builder.Build();
        try { await host.StartAsync(); }
        catch
        {
            host.Dispose();
            throw;
        }
        _hosts.Add(host);
        return host;
    }

    internal static ClaimRequest Claim(string worker, int limit = 10, string queue = "default", TimeSpan? lease = null)
        => new(worker, [queue], limit, lease ?? TimeSpan.FromSeconds(30));

    protected async Task<JobInfo> GetAsync(Guid id) => Assert.Single(await Store.GetJobsAsync([id], default));

    /// <summary>
    /// Waits until a condition on stored jobs holds (the database raises no event for it), checking every few
    /// milliseconds; fails with <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed > timeout) Assert.Fail($"Timed out after {timeout} waiting until {what}.");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var h in _hosts)
        {
            try { await h.StopAsync(TimeSpan.FromSeconds(10)); } catch (OperationCanceledException) { }
            h.Dispose();
        }
        if (_clientServices is not null) await _clientServices.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
