using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Bench.Systems;

/// <summary>
/// The raw-SQL baseline: the smallest honest Npgsql queue, the practical ceiling on the machine. One table, a
/// partial index on ready rows, single-insert enqueue, COPY binary for bulk, a single-statement SKIP LOCKED batch
/// claim, completion batched per claim (state, finished_at and a small result written), LISTEN/NOTIFY wake-ups.
/// </summary>
internal sealed class BaselineSystem : IBenchSystem
{
    private const int DrainWorkers = 4, DrainBatch = 500;
    private NpgsqlDataSource _ds = null!;

    public string Name => "baseline";
    private static string Version => "raw SQL, Npgsql " + typeof(NpgsqlConnection).Assembly.GetName().Version?.ToString(3);

    public async Task RunAsync(BenchRun run, Action<BenchResult> report, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(await run.Database.CreateDatabaseAsync(Name)) { MaxAutoPrepare = 20, MaxPoolSize = 50 };
        await using var ds = NpgsqlDataSource.Create(cs.ConnectionString);
        _ds = ds;
        var sizes = run.Sizes;
        if (run.Wants(Scenario.E1)) report(await InsertOneByOneAsync(Scenario.E1, sizes.E1, 1));
        if (run.Wants(Scenario.E8)) report(await InsertOneByOneAsync(Scenario.E8, sizes.E8, 8));
        if (run.Wants(Scenario.EB))
        {
            await ResetAsync();
            var clock = Stopwatch.StartNew();
            await CopyAsync(0, sizes.EB, sizes.Batch);
            report(Result(Scenario.EB, sizes.EB / clock.Elapsed.TotalSeconds, new { jobs = sizes.EB, batch = sizes.Batch, method = "COPY binary" }));
        }
        if (run.Wants(Scenario.D))
        {
            if (!run.Quick) await DrainAsync(WarmUp.Jobs(sizes.D), sizes.Batch, ct); // JIT warm-up, as for Jobs
            report(await DrainAsync(sizes.D, sizes.Batch, ct));
        }
        if (run.Wants(Scenario.L)) foreach (var r in await LatencyAsync(sizes.L, sizes.LRate, ct)) report(r);
        if (run.Wants(Scenario.S)) report(await SustainedAsync(TimeSpan.FromSeconds(sizes.SSeconds), ct));
    }

    private BenchResult Result(string scenario, double value, object settings) =>
        new(Name, Version, scenario, Math.Round(value, 1), "jobs/s", BenchResult.SettingsOf(settings));

    private async Task ExecAsync(string sql)
    {
        await using var c = _ds.CreateCommand(sql);
        await c.ExecuteNonQueryAsync();
    }

    private Task ResetAsync() => ExecAsync("""
        drop table if exists bq_job;
        create table bq_job(id bigint generated always as identity primary key, queue text not null default 'default',
          args jsonb not null, state smallint not null default 0, priority smallint not null default 0,
          run_at timestamptz not null default now(), attempt int not null default 0, locked_until timestamptz,
          started_at timestamptz, finished_at timestamptz, result jsonb);
        create index bq_ready on bq_job(queue, priority, run_at, id) where state = 0;
        """);

    private async Task InsertAsync(string argsJson, bool notify)
    {
        await using var c = _ds.CreateCommand(notify
            ? "with i as (insert into bq_job(args) values ($1::jsonb) returning queue) select pg_notify('bq_job', queue) from i"
            : "insert into bq_job(args) values ($1::jsonb)");
        c.Parameters.Add(new NpgsqlParameter { Value = argsJson });
        await c.ExecuteNonQueryAsync();
    }

    private async Task<BenchResult> InsertOneByOneAsync(string scenario, int jobs, int clients)
    {
        await ResetAsync();
        await InsertAsync(NoOpArgs.Now(-1).ToJson(), notify: false);
        var next = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= jobs) await InsertAsync(NoOpArgs.Now(i).ToJson(), notify: false);
        })));
        return Result(scenario, jobs / clock.Elapsed.TotalSeconds, new { clients, jobs, statement = "insert, autocommit" });
    }

    private async Task CopyAsync(int first, int jobs, int batch)
    {
        await using var conn = await _ds.OpenConnectionAsync();
        for (var start = 0; start < jobs; start += batch)
        {
            await using var w = await conn.BeginBinaryImportAsync("copy bq_job(args) from stdin (format binary)");
            for (var k = 0; k < Math.Min(batch, jobs - start); k++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(NoOpArgs.Now(first + start + k).ToJson(), NpgsqlDbType.Jsonb);
            }
            await w.CompleteAsync();
        }
    }

    /// <summary>One worker: claim a batch, run it, complete it in one statement; when the queue is empty, wait for a notification (or stop).</summary>
    private async Task WorkAsync(int batch, Action<NoOpArgs> run, Func<bool> stopWhenEmpty, CancellationToken ct)
    {
        // Stopped at the end of L or S: a statement cancelled midway is of no consequence (the figures are taken).
        try { await ClaimAndCompleteAsync(batch, run, stopWhenEmpty, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task ClaimAndCompleteAsync(int batch, Action<NoOpArgs> run, Func<bool> stopWhenEmpty, CancellationToken ct)
    {
        await using var conn = await _ds.OpenConnectionAsync(ct);
        await using (var listen = new NpgsqlCommand("listen bq_job", conn)) await listen.ExecuteNonQueryAsync(ct);
        var notified = 0; // a notification that arrives during a claim must not be lost
        conn.Notification += (_, _) => Volatile.Write(ref notified, 1);
        var ids = new List<long>(batch);
        while (!ct.IsCancellationRequested)
        {
            ids.Clear();
            Volatile.Write(ref notified, 0);
            await using (var claim = new NpgsqlCommand("""
                update bq_job j set state = 1, attempt = attempt + 1, started_at = now(), locked_until = now() + interval '5 min'
                from (select id from bq_job where queue = 'default' and state = 0 and run_at <= now()
                      order by priority, run_at, id for update skip locked limit $1) n
                where j.id = n.id returning j.id, j.args::text
                """, conn))
            {
                claim.Parameters.Add(new NpgsqlParameter { Value = batch });
                await using var r = await claim.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    ids.Add(r.GetInt64(0));
                    run(System.Text.Json.JsonSerializer.Deserialize<NoOpArgs>(r.GetString(1))!);
                }
            }
            if (ids.Count > 0)
            {
                await using var done = new NpgsqlCommand("update bq_job set state = 2, finished_at = now(), result = '{\"ok\":true}' where id = any($1)", conn);
                done.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
                await done.ExecuteNonQueryAsync(ct);
                continue;
            }
            if (stopWhenEmpty()) return;
            if (Volatile.Read(ref notified) == 1) continue;
            await conn.WaitAsync(TimeSpan.FromSeconds(1), ct);
        }
    }

    private async Task<BenchResult> DrainAsync(int jobs, int loadBatch, CancellationToken ct)
    {
        await ResetAsync();
        await CopyAsync(0, jobs, loadBatch);
        await ExecAsync("vacuum analyze bq_job");
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, DrainWorkers).Select(_ => Task.Run(() => WorkAsync(DrainBatch, _ => { }, () => true, ct), ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuPerJob = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / jobs;
        await using var count = _ds.CreateCommand("select count(*) from bq_job where state = 2");
        var done = (long)(await count.ExecuteScalarAsync(ct))!;
        if (done != jobs) throw new InvalidOperationException($"baseline drain completed {done} of {jobs} jobs");
        return Result(Scenario.D, jobs / seconds, new
        {
            jobs, workers = DrainWorkers, claim_batch = DrainBatch, completion = "batched per claim", client_cpu_us_per_job = Math.Round(cpuPerJob, 1),
        });
    }

    private async Task<IEnumerable<BenchResult>> LatencyAsync(int jobs, int rate, CancellationToken ct)
    {
        await ResetAsync();
        const int workers = 2;
        var delays = new ConcurrentQueue<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(() =>
            WorkAsync(10, a => { if (a.I >= 0) delays.Enqueue(BenchClock.UnixMs() - a.EnqueuedAt); }, () => false, stop.Token))).ToArray();
        await Task.Delay(500, ct); // the workers have claimed nothing and are waiting on their notifications
        await InsertAsync(NoOpArgs.Now(-1).ToJson(), notify: true);
        await SteadyRate.RunAsync(jobs, rate, i => InsertAsync(NoOpArgs.Now(i).ToJson(), notify: true), ct);
        var deadline = Stopwatch.StartNew();
        while (delays.Count < jobs && deadline.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10, ct);
        stop.Cancel();
        await Task.WhenAll(running);
        var settings = BenchResult.SettingsOf(new { jobs, rate, workers, claim_batch = 10, wakeup = "LISTEN/NOTIFY" });
        return Percentiles.LatencyResults(Name, Version, delays, settings);
    }

    private async Task<BenchResult> SustainedAsync(TimeSpan duration, CancellationToken ct)
    {
        await ResetAsync();
        var load = new SustainedLoad(window: 5_000, batch: 500, producers: 2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = Enumerable.Range(0, DrainWorkers).Select(_ => Task.Run(() =>
            WorkAsync(DrainBatch, _ => load.Completed(), () => false, stop.Token))).ToArray();
        var (perSecond, completed, backlog, seconds) = await load.RunAsync(duration,
            async (first, n) =>
            {
                await CopyAsync(first, n, n);
                await ExecAsync("notify bq_job");
            },
            async () =>
            {
                await using var c = _ds.CreateCommand("select count(*) from bq_job where state = 2");
                return (long)(await c.ExecuteScalarAsync(ct))!;
            }, ct);
        stop.Cancel();
        await Task.WhenAll(running);
        return Result(Scenario.S, perSecond, new
        {
            seconds = Math.Round(seconds, 1), completed, backlog_at_end = backlog, load = load.Settings,
            workers = DrainWorkers, claim_batch = DrainBatch,
        });
    }
}
