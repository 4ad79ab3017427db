using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Jobs.Bench.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Bench.Systems;

/// <summary>
/// Jobs through its public API, as a library host runs it: <see cref="IJobClient"/> to enqueue, workers hosted by
/// Microsoft.Extensions.Hosting in this process, a no-op task that records its start time.
/// </summary>
internal sealed class JobsSystem(IJobsTarget target) : IBenchSystem
{
    private const string TaskName = "bench.noop";

    /// <summary>Called by the task with its args on every run.</summary>
    private Action<NoOpArgs> _onRun = _ => { };

    public string Name => target.Name;

    public IReadOnlySet<string> Scenarios { get; } = Scenario.All.ToHashSet();

    public async Task RunAsync(BenchRun run, Action<BenchResult> report, CancellationToken ct)
    {
        await target.PrepareAsync(run);
        var sizes = run.Sizes;
        if (run.Wants(Scenario.E1)) report(await EnqueueOneByOneAsync(Scenario.E1, sizes.E1, clients: 1, ct));
        if (run.Wants(Scenario.E8)) report(await EnqueueOneByOneAsync(Scenario.E8, sizes.E8, clients: 8, ct));
        if (run.Wants(Scenario.EB)) report(await EnqueueBulkAsync(sizes.EB, sizes.Batch, ct));
        if (run.Wants(Scenario.D))
        {
            // A long-running worker has its hot paths compiled: warm the JIT with a small drain first, unreported.
            if (!run.Quick) await DrainAsync(WarmUp.Jobs(sizes.D), sizes.Batch, ct);
            report(await DrainAsync(sizes.D, sizes.Batch, ct));
        }
        if (run.Wants(Scenario.L)) foreach (var r in await LatencyAsync(sizes.L, sizes.LRate, ct)) report(r);
        if (run.Wants(Scenario.S)) report(await SustainedAsync(TimeSpan.FromSeconds(sizes.SSeconds), ct));
        if (run.Wants(Scenario.A))
            foreach (var r in await AdminScenario.RunAsync(target, () => BuildHost(workers: false), (services, logging) => AddJobs(services, logging, workers: false), run, ct))
                report(r);
    }

    private BenchResult Result(string scenario, double value, string unit, object settings) =>
        new(Name, target.Version, scenario, Math.Round(value, 1), unit, BenchResult.SettingsOf(settings));

    private async Task<BenchResult> EnqueueOneByOneAsync(string scenario, int jobs, int clients, CancellationToken ct)
    {
        await target.ResetAsync();
        using var host = BuildHost(workers: false);
        var client = host.Services.GetRequiredService<IJobClient>();
        await client.EnqueueAsync(TaskName, NoOpArgs.Now(-1), cancellationToken: ct); // connect and prepare outside the clock
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= jobs)
                await client.EnqueueAsync(TaskName, NoOpArgs.Now(i), cancellationToken: ct);
        }, ct)));
        return Result(scenario, jobs / clock.Elapsed.TotalSeconds, "jobs/s", new { clients, jobs, api = "IJobClient.EnqueueAsync" });
    }

    private async Task<BenchResult> EnqueueBulkAsync(int jobs, int batch, CancellationToken ct)
    {
        await target.ResetAsync();
        using var host = BuildHost(workers: false);
        var client = host.Services.GetRequiredService<IJobClient>();
        var clock = Stopwatch.StartNew();
        await EnqueueBatchesAsync(client, 0, jobs, batch, ct);
        return Result(Scenario.EB, jobs / clock.Elapsed.TotalSeconds, "jobs/s", new { jobs, batch, api = "IJobClient.EnqueueManyAsync" });
    }

    private static async Task EnqueueBatchesAsync(IJobClient client, int first, int jobs, int batch, CancellationToken ct)
    {
        for (var start = 0; start < jobs; start += batch)
        {
            var n = Math.Min(batch, jobs - start);
            var requests = new JobRequest[n];
            for (var k = 0; k < n; k++) requests[k] = new JobRequest(TaskName, NoOpArgs.Now(first + start + k));
            await client.EnqueueManyAsync(requests, ct);
        }
    }

    private async Task<BenchResult> DrainAsync(int jobs, int batch, CancellationToken ct)
    {
        await target.ResetAsync();
        using (var loader = BuildHost(workers: false))
            await EnqueueBatchesAsync(loader.Services.GetRequiredService<IJobClient>(), 0, jobs, batch, ct);
        var ran = 0L;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _onRun = _ => { if (Interlocked.Increment(ref ran) == jobs) allRan.TrySetResult(); };
        using var host = BuildHost(workers: true);
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await host.StartAsync(ct);
        await allRan.Task.WaitAsync(TimeSpan.FromMinutes(10), ct);
        // Every handler has run; the clock stops when the database says every job is recorded SUCCESS.
        while (await target.CountSucceededAsync() < jobs) await Task.Delay(20, ct);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuPerJob = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / jobs;
        await host.StopAsync(CancellationToken.None);
        return Result(Scenario.D, jobs / seconds, "jobs/s", new
        {
            jobs, target.Layout.Workers, target.Layout.Concurrency, target.Layout.Prefetch, includes_worker_start = true,
            client_cpu_us_per_job = Math.Round(cpuPerJob, 1),
        });
    }

    private async Task<IEnumerable<BenchResult>> LatencyAsync(int jobs, int rate, CancellationToken ct)
    {
        await target.ResetAsync();
        var delays = new ConcurrentQueue<double>();
        var expected = 1;
        var allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _onRun = a => { delays.Enqueue(BenchClock.UnixMs() - a.EnqueuedAt); if (delays.Count >= Volatile.Read(ref expected)) allRan.TrySetResult(); };
        var layout = new JobsWorkerLayout(Workers: 1, Concurrency: 10, Prefetch: 1);
        using var host = BuildHost(workers: true, layout);
        await host.StartAsync(ct);
        var client = host.Services.GetRequiredService<IJobClient>();
        await client.EnqueueAsync(TaskName, NoOpArgs.Now(-1), cancellationToken: ct); // warm the connection outside the figures
        await allRan.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        delays.Clear();
        allRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref expected, jobs);
        await SteadyRate.RunAsync(jobs, rate, i => client.EnqueueAsync(TaskName, NoOpArgs.Now(i), cancellationToken: ct), ct);
        await allRan.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await host.StopAsync(CancellationToken.None);
        var settings = BenchResult.SettingsOf(new { jobs, rate, layout.Workers, layout.Concurrency, wakeup = "store signal (LISTEN/NOTIFY on PostgreSQL, in-process on SQLite)" });
        return Percentiles.LatencyResults(Name, target.Version, delays, settings);
    }

    private async Task<BenchResult> SustainedAsync(TimeSpan duration, CancellationToken ct)
    {
        await target.ResetAsync();
        var load = new SustainedLoad(window: 5_000, batch: 500, producers: 2);
        _onRun = _ => load.Completed();
        using var host = BuildHost(workers: true);
        await host.StartAsync(ct);
        var client = host.Services.GetRequiredService<IJobClient>();
        var (perSecond, completed, backlog, seconds) = await load.RunAsync(duration,
            (first, n) => EnqueueBatchesAsync(client, first, n, n, ct), target.CountSucceededAsync, ct);
        await host.StopAsync(CancellationToken.None);
        return Result(Scenario.S, perSecond, "jobs/s", new
        {
            seconds = Math.Round(seconds, 1), completed, backlog_at_end = backlog, load = load.Settings,
            target.Layout.Workers, target.Layout.Concurrency, target.Layout.Prefetch,
        });
    }

    private IHost BuildHost(bool workers, JobsWorkerLayout? layout = null)
    {
        // An empty builder: no configuration files watched under the working directory (the repository).
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddJobs(builder.Services, builder.Logging, workers, layout);
        return builder.Build();
    }

    /// <summary>Jobs as every host of the bench has it: the target's store, the no-op task, the workers when asked, warnings logged to stderr.</summary>
    private void AddJobs(IServiceCollection services, ILoggingBuilder logging, bool workers, JobsWorkerLayout? layout = null)
    {
        layout ??= target.Layout;
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        services.AddJobs(o =>
        {
            target.Configure(o);
            o.AddTask<NoOpArgs, NoOpResult>(TaskName, (a, _) =>
            {
                _onRun(a);
                return Task.FromResult(new NoOpResult(true));
            });
            if (!workers) return;
            for (var i = 0; i < layout.Workers; i++)
                o.AddWorker(w => { w.Concurrency = layout.Concurrency; w.PrefetchMultiplier = layout.Prefetch; });
        });
    }
}
