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

    /// <summary>How often <see cref="WaitUntilAsync"/> checks again when no signal came (for changes no store announces).</summary>
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Waits until a condition on stored jobs holds, checking it again whenever the store or its monitor signals a
    /// change (jobs available or finished, events stored, a control request sent, a reset; on SQLite any commit to the
    /// file) and, for changes that no store announces (a claim on PostgreSQL, a heartbeat, in-process state), at least
    /// every <see cref="RecheckInterval"/>. Fails with <paramref name="what"/> after <paramref name="timeout"/>.
    /// A condition that waits for time to pass on the database clock has no place here: backdate the rows instead.
    /// </summary>
    protected async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        // Not disposed: a signal raised on another thread after the handlers are removed may still release it.
        var changed = new SemaphoreSlim(0, 1);
        void Wake()
        {
            if (changed.CurrentCount > 0) return;
            try { changed.Release(); } catch (SemaphoreFullException) { }
        }
        void OnQueue(string _) => Wake();
        void OnJobs(IReadOnlyList<Guid> _) => Wake();
        var monitor = _clientServices!.GetRequiredService<IMonitorStore>();
        Store.Signals.JobsAvailable += OnQueue;
        Store.Signals.JobsFinished += OnJobs;
        Store.Signals.Reset += Wake;
        monitor.Signals.ControlSent += Wake;
        monitor.Signals.EventsStored += Wake;
        monitor.Signals.Reset += Wake;
        Store.StartSignals();
        monitor.StartSignals();
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!await condition())
            {
                var left = timeout - waited.Elapsed;
                if (left <= TimeSpan.Zero) Assert.Fail($"Timed out after {timeout} waiting until {what}.");
                await changed.WaitAsync(left < RecheckInterval ? left : RecheckInterval);
            }
        }
        finally
        {
            Store.Signals.JobsAvailable -= OnQueue;
            Store.Signals.JobsFinished -= OnJobs;
            Store.Signals.Reset -= Wake;
            monitor.Signals.ControlSent -= Wake;
            monitor.Signals.EventsStored -= Wake;
            monitor.Signals.Reset -= Wake;
        }
    }

    /// <summary>
    /// Moves every stored time of the jobs <paramref name="ids"/> <paramref name="by"/> into the past, as if the database
    /// clock had moved on that much for them (<see cref="StoreHarness.BackdateJobsAsync"/>): a lease, a countdown, an
    /// expiry, a unique period or a result TTL runs out at once instead of after a wait.
    /// </summary>
    protected Task BackdateJobsAsync(TimeSpan by, params Guid[] ids) => Harness.BackdateJobsAsync(ids, by);

    /// <summary>Moves every schedule's stored times <paramref name="by"/> into the past: its slots come due (or are missed) at once.</summary>
    protected Task BackdateSchedulesAsync(TimeSpan by) => Harness.BackdateSchedulesAsync(by);

    /// <summary>Moves every limit's stored times <paramref name="by"/> into the past: rate buckets refill as if that much time had passed.</summary>
    protected Task BackdateLimitsAsync(TimeSpan by) => Harness.BackdateLimitsAsync(by);

    /// <summary>Moves every registered worker's stored times <paramref name="by"/> into the past: their heartbeats lapse sooner.</summary>
    protected Task BackdateWorkersAsync(TimeSpan by) => Harness.BackdateWorkersAsync(by);

    /// <summary>Moves every remote-control request's and reply's stored times <paramref name="by"/> into the past: requests expire sooner.</summary>
    protected Task BackdateControlAsync(TimeSpan by) => Harness.BackdateControlAsync(by);

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
