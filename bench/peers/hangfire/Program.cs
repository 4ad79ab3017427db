// Hangfire + Hangfire.PostgreSql peer on the standard workload (bench/peers/README.md contract).
// stdout: one JSON line per result; everything else goes to stderr.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage;
using Npgsql;

namespace HangfirePeer;

public static class Program
{
    const int CapE = 5000, CapD = 20000;           // slow peer (< 2,000 jobs/s): README allows these caps
    static TextWriter Out = TextWriter.Null;
    static readonly JsonSerializerOptions JsonOpts = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static string Version = "";

    static int Env(string name, int dflt) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : dflt;

    static void Log(string msg) => Console.Error.WriteLine($"[hangfire {DateTime.UtcNow:HH:mm:ss.fff}] {msg}");

    static void Report(string scenario, double? value, string unit, JsonObject settings)
    {
        var o = new JsonObject
        {
            ["system"] = "hangfire-postgresql",
            ["version"] = Version,
            ["scenario"] = scenario,
            ["value"] = value is double d ? Math.Round(d, 2) : null,
            ["unit"] = unit,
            ["settings"] = settings,
        };
        Out.WriteLine(o.ToJsonString(JsonOpts));
        Out.Flush();
    }

    static string PkgVersion(Assembly a)
    {
        var v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0];
        if (!string.IsNullOrEmpty(v)) return v;
        var av = a.GetName().Version;
        return av is null ? "?" : av.Revision > 0 ? av.ToString() : av.ToString(3);
    }

    public static async Task<int> Main()
    {
        Out = Console.Out;
        Console.SetOut(Console.Error);   // keep stray library output off the JSON stream
        Version = $"Hangfire.Core {PkgVersion(typeof(BackgroundJob).Assembly)} + Hangfire.PostgreSql {PkgVersion(typeof(PostgreSqlStorage).Assembly)} + Npgsql {PkgVersion(typeof(NpgsqlConnection).Assembly)}";

        var cs = Environment.GetEnvironmentVariable("PG") ?? "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
        var csb = new NpgsqlConnectionStringBuilder(cs);
        if (!cs.Contains("Maximum Pool Size", StringComparison.OrdinalIgnoreCase)) csb.MaxPoolSize = 100;
        cs = csb.ConnectionString;
        var scenarios = (Environment.GetEnvironmentVariable("BENCH_SCENARIOS") ?? "E1,E8,EB,D,L,S")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        int workers = Env("HF_WORKERS", 20);
        int pollMs = Env("HF_POLL_MS", 50);
        // Long polling (LISTEN/NOTIFY) is off by default: with it on, a 20k drain here left one job fetched but never
        // run (stuck until the 30 min invisibility timeout); RESULTS.md's figures used plain polling at 50 ms.
        bool longPoll = Env("HF_LONG_POLLING", 0) != 0;

        await using (var c = new NpgsqlConnection(cs))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand("drop schema if exists hangfire cascade", c);
            await cmd.ExecuteNonQueryAsync();
        }
        var opts = new PostgreSqlStorageOptions
        {
            QueuePollInterval = TimeSpan.FromMilliseconds(pollMs),
            EnableLongPolling = longPoll,
            PrepareSchemaIfNecessary = true,
        };
        GlobalConfiguration.Configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseColouredConsoleLogProvider(Hangfire.Logging.LogLevel.Warn)   // Console is stderr here
            .UsePostgreSqlStorage(c => c.UseNpgsqlConnection(cs), opts);
        var storage = (PostgreSqlStorage)JobStorage.Current;
        var client = new BackgroundJobClient(storage);
        JsonObject Base() => new()
        {
            ["workers"] = workers, ["queue_poll_ms"] = pollMs, ["long_polling"] = longPoll,
            ["storage"] = "Hangfire.PostgreSql", ["job_retention"] = "Hangfire defaults (succeeded jobs expire after 24 h)",
        };

        int failed = 0;
        foreach (var unknown in scenarios.Except(["E1", "E8", "EB", "D", "L", "S"])) { Log($"unknown scenario {unknown}"); failed++; }
        async Task Run(string name, Func<Task> body)
        {
            if (!scenarios.Contains(name)) return;
            try { Log($"scenario {name}"); await body(); }
            catch (Exception e)
            {
                failed++;
                Log($"{name} failed: {e}");
            }
        }

        await Run("E1", async () =>
        {
            client.Enqueue(() => Handlers.NoOp(-1, UnixMs(), 0));   // warm-up (connection pool, expression cache)
            await Reset(cs);
            int n = Math.Min(Env("BENCH_E1", 10000), CapE);
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) client.Enqueue(() => Handlers.NoOp(i, UnixMs(), 0));
            var el = sw.Elapsed.TotalSeconds;
            var s = Base(); s.Remove("workers"); s.Remove("queue_poll_ms"); s.Remove("long_polling");
            s["clients"] = 1; s["jobs"] = n; s["requested"] = Env("BENCH_E1", 10000); s["cap"] = CapE;
            s["api"] = "BackgroundJobClient.Enqueue (one transaction per job)";
            Report("E1", n / el, "jobs/s", s);
        });

        await Run("E8", async () =>
        {
            await Reset(cs);
            int n = Math.Min(Env("BENCH_E8", 10000), CapE);
            var sw = Stopwatch.StartNew();
            var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
            {
                for (int i = t; i < n; i += 8) client.Enqueue(() => Handlers.NoOp(i, UnixMs(), 0));
            })).ToList();
            threads.ForEach(th => th.Start());
            threads.ForEach(th => th.Join());
            var el = sw.Elapsed.TotalSeconds;
            var s = Base(); s.Remove("workers"); s.Remove("queue_poll_ms"); s.Remove("long_polling");
            s["clients"] = 8; s["jobs"] = n; s["requested"] = Env("BENCH_E8", 10000); s["cap"] = CapE;
            s["api"] = "BackgroundJobClient.Enqueue from 8 threads";
            Report("E8", n / el, "jobs/s", s);
            await Task.CompletedTask;
        });

        await Run("EB", () =>
        {
            Report("EB", null, "jobs/s", new JsonObject
            {
                ["unsupported"] = "Hangfire OSS has no batch enqueue API (batches are Hangfire Pro only); Enqueue is one transaction per job",
            });
            return Task.CompletedTask;
        });

        await Run("D", async () =>
        {
            await Reset(cs);
            int n = Math.Min(Env("BENCH_D", 100000), CapD);
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => client.Enqueue(() => Handlers.NoOp(i, UnixMs(), 0)));
            Log($"D: {n} jobs enqueued; starting server");
            var mon = storage.GetMonitoringApi();
            var sw = Stopwatch.StartNew();
            long succeeded = 0, last = -1;
            bool timedOut = true;
            var progress = Stopwatch.StartNew();
            using (var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers }, storage))
            {
                while (sw.Elapsed < TimeSpan.FromMinutes(10) && progress.Elapsed < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(100);
                    succeeded = mon.SucceededListCount();
                    if (succeeded >= n) { timedOut = false; break; }
                    if (succeeded != last) { last = succeeded; progress.Restart(); }
                }
                var el = sw.Elapsed.TotalSeconds;
                var s = Base();
                s["jobs"] = n; s["requested"] = Env("BENCH_D", 100000); s["cap"] = CapD; s["succeeded"] = succeeded;
                s["counted"] = "jobs in state Succeeded in hangfire.job (MonitoringApi.SucceededListCount), polled every 100 ms";
                s["includes_server_start"] = true;
                if (timedOut) { s["timed_out"] = true; s["note"] = "stopped waiting: no progress for 60 s or 10 min elapsed"; }
                Report("D", succeeded / el, "jobs/s", s);
                server.SendStop();
            }
        });

        await Run("L", async () =>
        {
            await Reset(cs);
            int n = Env("BENCH_L", 2000);
            int rate = Math.Max(1, Env("BENCH_L_RATE", 200));
            Handlers.Delays = new double[n];
            Handlers.Seen = 0;
            using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers }, storage);
            // warm up: a few jobs through the server, then let it go idle
            var mon = storage.GetMonitoringApi();
            for (int i = 0; i < 5; i++) client.Enqueue(() => Handlers.NoOp(-1, UnixMs(), 0));
            var wsw = Stopwatch.StartNew();
            while (mon.SucceededListCount() < 5 && wsw.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            await Task.Delay(1000);
            // one job at a time on a fixed schedule (job i due at t0 + i/rate); Hangfire's Enqueue takes several ms
            // (one fsynced transaction), so the schedule is served by a few producer threads to hold the rate.
            int lProducers = Env("HF_L_PRODUCERS", 8);
            var enqMs = new double[n];
            long period = Stopwatch.Frequency / rate;
            long t0 = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 20;
            var lThreads = Enumerable.Range(0, lProducers).Select(p => new Thread(() =>
            {
                for (int i = p; i < n; i += lProducers)
                {
                    long due = t0 + i * period;
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        var left = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                        if (left > 2) Thread.Sleep(1); else Thread.SpinWait(50);
                    }
                    long ts = Stopwatch.GetTimestamp();
                    client.Enqueue(() => Handlers.Latency(i, UnixMs(), ts));
                    enqMs[i] = Stopwatch.GetElapsedTime(ts).TotalMilliseconds;
                }
            })).ToList();
            lThreads.ForEach(t => t.Start());
            lThreads.ForEach(t => t.Join());
            var actualRate = n / Stopwatch.GetElapsedTime(t0).TotalSeconds;
            var dsw = Stopwatch.StartNew();
            while (Volatile.Read(ref Handlers.Seen) < n && dsw.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(20);
            server.SendStop();
            var seen = Volatile.Read(ref Handlers.Seen);
            var enqSorted = enqMs.OrderBy(x => x).ToArray();
            var d = Handlers.Delays.Where(x => x > 0).OrderBy(x => x).ToArray();
            JsonObject S()
            {
                var s = Base();
                s["jobs"] = n; s["rate"] = rate; s["producers"] = lProducers; s["enqueue_call_ms_p50"] = Math.Round(Pct(enqSorted, 50), 2); s["actual_rate"] = Math.Round(actualRate, 1); s["started"] = seen;
                s["clock"] = "Stopwatch.GetTimestamp() taken just before Enqueue, passed in job args; delay computed at handler start in the same process";
                return s;
            }
            if (d.Length == 0) throw new InvalidOperationException("no latency samples");
            Report("L.p50", Pct(d, 50), "ms", S());
            Report("L.p99", Pct(d, 99), "ms", S());
            Report("L.max", d[^1], "ms", S());
        });

        await Run("S", async () =>
        {
            await Reset(cs);
            int seconds = Math.Max(1, Env("BENCH_S_SECONDS", 30));
            int window = Env("BENCH_S_WINDOW", 5000);   // same default as the other peers
            int producers = Env("HF_S_PRODUCERS", 8);
            long enqueued = 0, completed = 0;
            var mon = storage.GetMonitoringApi();
            using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers }, storage);
            await Task.Delay(500);   // let the server register and its workers start fetching
            var stop = new CancellationTokenSource();
            // completions counted from the database (jobs in state Succeeded), refreshed every 50 ms
            var poller = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    Volatile.Write(ref completed, mon.SucceededListCount());
                    try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
                }
            });
            var sw = Stopwatch.StartNew();
            var end = TimeSpan.FromSeconds(seconds);
            var threads = Enumerable.Range(0, producers).Select(p => new Thread(() =>
            {
                while (sw.Elapsed < end)
                {
                    if (Interlocked.Read(ref enqueued) - Volatile.Read(ref completed) >= window) { Thread.Sleep(1); continue; }
                    var i = (int)Interlocked.Increment(ref enqueued);
                    client.Enqueue(() => Handlers.NoOp(i, UnixMs(), 0));
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var el = sw.Elapsed.TotalSeconds;
            long done = mon.SucceededListCount();
            stop.Cancel();
            await poller;
            server.SendStop();
            var s = Base();
            s["seconds"] = Math.Round(el, 3); s["window"] = window; s["producers"] = producers;
            s["producer_api"] = "BackgroundJobClient.Enqueue one at a time (no batch API in Hangfire OSS)";
            s["enqueued"] = enqueued; s["completed"] = done; s["final_backlog"] = enqueued - done;
            s["counted"] = "jobs in state Succeeded in hangfire.job";
            Report("S", done / el, "jobs/s", s);
        });

        return failed == 0 ? 0 : 1;
    }

    static long UnixMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    static double Pct(double[] sorted, double p)
    {
        var idx = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(idx, 0, sorted.Length - 1)];
    }

    static async Task Reset(string cs)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "truncate hangfire.job, hangfire.jobqueue, hangfire.jobparameter, hangfire.state, hangfire.counter, hangfire.aggregatedcounter restart identity cascade", c);
        await cmd.ExecuteNonQueryAsync();
    }
}

public static class Handlers
{
    public static double[] Delays = [];
    public static int Seen;

    public static void NoOp(int i, long enqueuedAt, long ts) { }

    public static void Latency(int i, long enqueuedAt, long ts)
    {
        var ms = Stopwatch.GetElapsedTime(ts).TotalMilliseconds;
        if ((uint)i < (uint)Delays.Length && Delays[i] == 0) { Delays[i] = ms; Interlocked.Increment(ref Seen); }
    }
}
