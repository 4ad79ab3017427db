using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// The console's monitoring commands with real processes: <c>jobs inspect</c> and <c>jobs control</c> answered by
/// running workers, <c>jobs events --follow</c> streaming what a worker and a client store, <c>jobs report</c> checked
/// against the job table, and <c>jobs top</c> rendered in a tmux pane.
/// </summary>
public abstract class MonitoringCliConformance : MigratedCliTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Inspect_ping_lists_a_worker_within_2_seconds_of_its_ready_line()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("ping"));
        var sinceReady = Stopwatch.StartNew(); // StartAsync returns as the ready line arrives
        JsonElement replies = default;
        await Eventually.UntilAsync(async () =>
        {
            var ping = await Cli.RunAsync("inspect", "ping", "--json");
            if (ping.ExitCode != 0) return false;
            replies = JsonDocument.Parse(ping.Stdout).RootElement;
            return replies.TryGetProperty(worker.Name, out _);
        }, Wait, $"{worker.Name} to answer ping\n{worker.Stderr}");
        var elapsed = sinceReady.Elapsed;
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"the first successful ping came {elapsed} after the ready line");
        Assert.Equal("pong", replies.GetProperty(worker.Name).GetProperty("ok").GetString());

        var text = Ok(await Cli.RunAsync("inspect", "ping"));
        Assert.Contains(worker.Name, text.Output);
        Assert.Contains("pong", text.Output);
        var registered = JsonDocument.Parse(Ok(await Cli.RunAsync("inspect", "registered", "--json")).Stdout).RootElement;
        var tasks = registered.GetProperty(worker.Name).GetProperty("tasks").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("jobs.echo", tasks);
        Assert.Contains("jobs.sleep", tasks);
    }

    [Fact]
    public async Task No_reply_within_the_timeout_is_a_clear_error_with_its_own_exit_code()
    {
        var none = await Cli.RunAsync("inspect", "ping", "--timeout", "300ms");
        Assert.Equal(4, none.ExitCode);
        Assert.Equal("", none.Output);
        Assert.Contains("no workers replied within 300ms", Assert.Single(none.StderrLines));

        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("only"));
        await WaitForPingAsync(worker.Name);
        var elsewhere = await Cli.RunAsync("inspect", "stats", "--worker", "no-such-worker", "--timeout", "1s");
        Assert.Equal(4, elsewhere.ExitCode);
        Assert.Contains("no workers replied within 1s", Assert.Single(elsewhere.StderrLines));
        Assert.Equal(4, (await Cli.RunAsync("control", "pool-grow", "1", "--worker", "no-such-worker", "--timeout", "300ms")).ExitCode);
    }

    [Fact]
    public async Task Inspect_active_shows_a_running_sleep_and_control_revoke_terminate_stops_it()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("active"));
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(id) == "STARTED", Wait, "the sleep to start");

        JsonElement active = default;
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            if (r.ExitCode != 0) return false;
            active = JsonDocument.Parse(r.Stdout).RootElement;
            return Jobs(active, worker.Name).Any(j => j.GetProperty("id").GetString() == id);
        }, Wait, $"inspect active to list {id}");
        var job = Jobs(active, worker.Name).Single(j => j.GetProperty("id").GetString() == id);
        Assert.Equal("jobs.sleep", job.GetProperty("task").GetString());
        Assert.Equal("default", job.GetProperty("queue").GetString());
        var table = Ok(await Cli.RunAsync("inspect", "active"));
        Assert.Contains(id, table.Output);
        Assert.Contains("jobs.sleep", table.Output);

        var revoke = Ok(await Cli.RunAsync("control", "revoke", id, "--terminate"));
        Assert.Contains($"revoked {id}", revoke.Output);
        Assert.Contains(worker.Name, revoke.Output); // its reply
        await Eventually.UntilAsync(async () =>
        {
            var status = await Cli.RunAsync("status", id);
            return status.Stdout.Split('\n')[0].Trim() == "REVOKED";
        }, Wait, $"jobs status {id} to show REVOKED");
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).All(j => j.GetProperty("id").GetString() != id);
        }, Wait, "the worker to stop running the revoked job");
        // Revoking it again changes nothing.
        Assert.Contains("already revoked", Ok(await Cli.RunAsync("control", "revoke", id)).Output);
    }

    [Fact]
    public async Task Plain_revoke_of_a_running_job_stops_it_at_once_through_remote_control()
    {
        // Without the broadcast a worker in another process hears of the revoke at its next lease renewal (SQLite: ~10 s).
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("revoke"));
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).Any(j => j.GetProperty("id").GetString() == id);
        }, Wait, $"inspect active to list {id}");
        Assert.Equal($"revoked {id}", Ok(await Cli.RunAsync("revoke", id)).Output);
        var stopped = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).All(j => j.GetProperty("id").GetString() != id);
        }, Wait, "the worker to stop running the revoked job");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), $"the revoked job ran on for {stopped.Elapsed}");
        Assert.Equal("REVOKED", await Db.StateAsync(id));
    }

    [Fact]
    public async Task Events_follow_json_streams_sent_started_and_succeeded_of_a_job()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("events"), "--events");
        // --from-start: the follower cannot miss events stored before it reads its first batch.
        await using var follower = CliProcess.Start(Cli, "events", "--follow", "--json", "--from-start");
        var id = Ok(await Cli.RunAsync("enqueue", "--events", "jobs.echo", "--args", """{"hello": "events"}""")).Output;

        // Each line is one JSON event. task-sent is stored by the enqueuing process after its commit, so it may come
        // after the worker's events for the job (ordering across processes is by storage, as in Celery).
        var wanted = new[] { "task-sent", "task-started", "task-succeeded" };
        var seen = new Dictionary<string, JsonElement>();
        while (!wanted.All(seen.ContainsKey))
        {
            var line = await follower.WaitForLineAsync(l =>
            {
                var e = JsonDocument.Parse(l).RootElement;
                return e.TryGetProperty("jobId", out var j) && j.GetString() == id;
            }, Wait, $"events of {id} (seen so far: {string.Join(", ", seen.Keys)})");
            var e = JsonDocument.Parse(line).RootElement;
            seen[e.GetProperty("type").GetString()!] = e;
        }
        Assert.All(wanted, t => Assert.Equal("jobs.echo", seen[t].GetProperty("task").GetString()));
        Assert.Equal(worker.Name, seen["task-started"].GetProperty("worker").GetString());
        Assert.True(seen["task-succeeded"].GetProperty("runtime").GetDouble() >= 0);
        Assert.Contains("events", seen["task-succeeded"].GetProperty("result").ToString());
        Assert.Contains("events", seen["task-sent"].GetProperty("args").ToString());
        Assert.True(seen["task-started"].GetProperty("id").GetInt64() < seen["task-succeeded"].GetProperty("id").GetInt64());
        Assert.False(seen["task-succeeded"].TryGetProperty("exception", out _)); // nulls are left out

        // Without --follow: the newest N stored events, oldest first, and the human format names the job.
        // (The worker keeps storing heartbeats: compare with what was stored up to the newest of the three.)
        var newest3 = Lines(Ok(await Cli.RunAsync("events", "--json", "--limit", "3")).Stdout).Select(e => e.GetProperty("id").GetInt64()).ToList();
        var all = Lines(Ok(await Cli.RunAsync("events", "--json", "--from-start", "--limit", "100000")).Stdout).Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(3, newest3.Count);
        Assert.Equal(all.Where(i => i <= newest3[^1]).TakeLast(3), newest3);
        var text = Ok(await Cli.RunAsync("events", "--type", "task-*"));
        Assert.Contains(text.Stdout.Split('\n'), l => l.Contains("task-succeeded") && l.Contains(id) && l.Contains("runtime="));

        Assert.Equal(0, await follower.StopAsync(TimeSpan.FromSeconds(15))); // SIGTERM ends the follow cleanly
    }

    [Fact]
    public async Task Process_pool_children_store_events_with_events_and_JOBS_EVENTS_makes_enqueue_store_task_sent()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-n", Name("pool"), "-c", "1", "--events");
        var withEnv = new JobsCli(Cli.WorkingDirectory, new Dictionary<string, string?>(Cli.Environment) { ["JOBS_EVENTS"] = "1" });
        var id = Ok(await withEnv.RunAsync("enqueue", "jobs.echo", "--args", """{"via": "env"}""")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(id) == "SUCCESS", Wait, "the job to succeed");

        List<JsonElement> events = [];
        await Eventually.UntilAsync(async () =>
        {
            events = Lines(Ok(await Cli.RunAsync("events", "--json", "--from-start", "--limit", "100000")).Stdout)
                .Where(e => e.TryGetProperty("jobId", out var j) && j.GetString() == id).ToList();
            return events.Any(e => e.GetProperty("type").GetString() == "task-succeeded");
        }, Wait, $"the child's task-succeeded of {id}");
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "task-sent");
        var succeeded = events.Single(e => e.GetProperty("type").GetString() == "task-succeeded");
        Assert.StartsWith($"{pool.Name}/child-1/", succeeded.GetProperty("worker").GetString());
        // The supervisor answers for the pool; its children do not register or answer themselves.
        var ping = Reply(Ok(await Cli.RunAsync("inspect", "ping", "--json")));
        Assert.Equal([pool.Name], ping.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_process_pool_grows_and_shrinks_changes_its_queues_and_terminates_a_revoked_job()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-n", Name("prefork"), "-c", "1");
        await WaitForPingAsync(pool.Name);
        var stats = Reply(Ok(await Cli.RunAsync("inspect", "stats", "--json"))).GetProperty(pool.Name);
        Assert.Equal(("process", 1), (stats.GetProperty("pool").GetString(), stats.GetProperty("concurrency").GetInt32()));

        var grown = Reply(Ok(await Cli.RunAsync("control", "pool-grow", "1", "--json"))).GetProperty(pool.Name);
        Assert.Equal(2, grown.GetProperty("concurrency").GetInt32());
        await pool.WaitForChildrenAsync(2, Wait);
        // Two sleeps run at once, one in each child.
        var first = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        var second = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, pool.Name).Select(j => j.GetProperty("id").GetString()).Order()
                .SequenceEqual(new[] { first, second }.Order());
        }, Wait, "inspect active to list both sleeps");

        // Revoke with terminate ends the job: its child is killed (and replaced), unless the child's own worker cancelled
        // the sleep first (it hears of the revoke from the store too); either way the pool runs two children again.
        var revoke = Ok(await Cli.RunAsync("control", "revoke", first, "--terminate", "--json"));
        Assert.Contains(first, revoke.Stdout);
        await Eventually.UntilAsync(async () => await Db.StateAsync(first) == "REVOKED", Wait, "the revoked job to be REVOKED");
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, pool.Name).All(j => j.GetProperty("id").GetString() != first);
        }, Wait, "the pool to stop running the revoked job");
        await pool.WaitForChildrenAsync(2, Wait);

        var shrunk = Reply(Ok(await Cli.RunAsync("control", "pool-shrink", "1", "--json"))).GetProperty(pool.Name);
        Assert.Equal(1, shrunk.GetProperty("concurrency").GetInt32());
        Ok(await Cli.RunAsync("control", "revoke", second));
        await Eventually.UntilAsync(() => Task.FromResult(pool.Children().Count == 1), Wait, "the pool to run one child");

        // A new queue: the children are replaced by ones consuming it.
        var added = Reply(Ok(await Cli.RunAsync("control", "add-consumer", "reports", "--json"))).GetProperty(pool.Name);
        Assert.Contains("reports", added.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var report = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", "reports", "--args", """{"r": 1}""")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(report) == "SUCCESS", Wait, "the job on the new queue to run");
    }

    [Fact]
    public async Task Report_json_counts_and_percentiles_match_the_job_table()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("report"), "-c", "4");
        for (var i = 0; i < 4; i++) Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", $$"""{"i": {{i}}}"""));
        foreach (var seconds in new[] { 0.05, 0.1, 0.15, 0.2, 0.3 })
            Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", $$"""{"seconds": {{seconds.ToString(CultureInfo.InvariantCulture)}}}"""));
        for (var i = 0; i < 3; i++) Ok(await Cli.RunAsync("enqueue", "jobs.fail", "--max-retries", "0", "-Q", "failing"));
        await using var failing = await WorkerProcess.StartAsync(Cli, "-n", Name("report-f"), "-Q", "failing");
        await Eventually.UntilAsync(async () => await Db.CountAsync("state in ('SUCCESS', 'FAILURE')") == 12, TimeSpan.FromSeconds(60), "12 jobs to finish");

        var rows = (await Db.QueryAsync("select queue, task, state, started_at, finished_at from {job}"))
            .Select(r => (Queue: (string)r[0]!, Task: (string)r[1]!, State: (string)r[2]!, Ms: (Time(r[4]) - Time(r[3])).TotalMilliseconds))
            .ToList();
        var report = JsonDocument.Parse(Ok(await Cli.RunAsync("report", "--json")).Stdout).RootElement;
        var tasks = report.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Equal(3, tasks.Count);
        foreach (var group in rows.GroupBy(r => (r.Queue, r.Task)))
        {
            var row = tasks.Single(t => t.GetProperty("queue").GetString() == group.Key.Queue && t.GetProperty("task").GetString() == group.Key.Task);
            var succeeded = group.Count(r => r.State == "SUCCESS");
            var failed = group.Count(r => r.State == "FAILURE");
            Assert.Equal(succeeded, row.GetProperty("succeeded").GetInt64());
            Assert.Equal(failed, row.GetProperty("failed").GetInt64());
            Assert.Equal(0, row.GetProperty("revoked").GetInt64());
            Assert.Equal((double)failed / (succeeded + failed), row.GetProperty("failureRate").GetDouble(), 6);
            var ms = group.Select(r => r.Ms).Order().ToList();
            Assert.Equal(Percentile(ms, 0.50), row.GetProperty("p50Ms").GetDouble(), 1.0);
            Assert.Equal(Percentile(ms, 0.95), row.GetProperty("p95Ms").GetDouble(), 1.0);
            Assert.Equal(Percentile(ms, 0.99), row.GetProperty("p99Ms").GetDouble(), 1.0);
            Assert.Equal(ms[^1], row.GetProperty("maxMs").GetDouble(), 1.0);
        }
        // The sleeps' run times reflect what they slept.
        var sleep = tasks.Single(t => t.GetProperty("task").GetString() == "jobs.sleep");
        Assert.True(sleep.GetProperty("maxMs").GetDouble() >= 300, sleep.ToString());
        Assert.True(sleep.GetProperty("p50Ms").GetDouble() >= 150, sleep.ToString());

        var throughput = report.GetProperty("throughput").EnumerateArray().ToList();
        Assert.Equal(9, throughput.Sum(t => t.GetProperty("succeeded").GetInt64()));
        Assert.Equal(3, throughput.Sum(t => t.GetProperty("failed").GetInt64()));
        Assert.All(report.GetProperty("queues").EnumerateArray(), q => Assert.Equal(0, q.GetProperty("waiting").GetInt64()));

        var text = Ok(await Cli.RunAsync("report", "--since", "1h")).Output;
        Assert.Contains("jobs.sleep", text);
        Assert.Contains("p95 ms", text);
        Assert.Contains("100.0%", text); // jobs.fail's failure rate
    }

    [Fact]
    public async Task Top_renders_workers_and_queues_in_a_tmux_pane()
    {
        Assert.True(Tmux.Available, $"{Tmux.Executable} is required for this test");
        var queue = "topq" + Guid.NewGuid().ToString("N")[..6];
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("top"), "-Q", $"default,{queue}");
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", queue)).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(id) == "SUCCESS", Wait, "the job to succeed");

        // Not a terminal: one snapshot, then exit.
        var once = Ok(await Cli.RunAsync("top"));
        Assert.Contains(worker.Name, once.Output);
        Assert.Contains(queue, once.Output);

        await using var tmux = await Tmux.StartAsync(Cli.Environment, Cli.WorkingDirectory,
            ["dotnet", BuildOutput.CliDll, "top", "--interval", "500ms"], width: 240, height: 60);
        var screen = "";
        await Eventually.UntilAsync(async () =>
        {
            screen = await tmux.CaptureAsync();
            return screen.Contains(worker.Name) && screen.Contains(queue) && screen.Contains("Workers");
        }, Wait, $"jobs top to show {worker.Name} and {queue}; screen:\n{screen}");
        Assert.Contains("q quits", screen);

        // q quits: the pane's process ends.
        await tmux.SendKeysAsync("q");
        await Eventually.UntilAsync(() => Task.FromResult(tmux.PanePid is not { } pid || !ProcessTable.IsAlive(pid)), Wait, "jobs top to quit on q");
    }

    [Fact]
    public async Task Control_commands_change_the_addressed_worker_only()
    {
        await using var a = await WorkerProcess.StartAsync(Cli, "-n", Name("a"), "-c", "2");
        await using var b = await WorkerProcess.StartAsync(Cli, "-n", Name("b"), "-c", "2");
        await WaitForPingAsync(a.Name, b.Name);

        // pool-grow / pool-shrink on A only.
        var grow = Reply(Ok(await Cli.RunAsync("control", "pool-grow", "3", "--worker", a.Name, "--json")));
        Assert.Equal([a.Name], grow.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, grow.GetProperty(a.Name).GetProperty("concurrency").GetInt32());
        Assert.Equal(5, await ConcurrencyAsync(a.Name));
        Assert.Equal(2, await ConcurrencyAsync(b.Name));
        Ok(await Cli.RunAsync("control", "pool-shrink", "1", "--worker", a.Name));
        Assert.Equal(4, await ConcurrencyAsync(a.Name));
        Assert.Equal(2, await ConcurrencyAsync(b.Name));

        // add-consumer: B runs a job of a queue nobody consumed.
        var queue = "extra" + Guid.NewGuid().ToString("N")[..6];
        var first = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", queue)).Output;
        Assert.Equal("PENDING", await Db.StateAsync(first));
        var added = Reply(Ok(await Cli.RunAsync("control", "add-consumer", queue, "--worker", b.Name, "--json")));
        Assert.Contains(queue, added.GetProperty(b.Name).GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        await Eventually.UntilAsync(async () => await Db.StateAsync(first) == "SUCCESS", Wait, $"the {queue} job to run");
        Assert.Equal(b.Name, (await Db.QueryAsync($"select worker from {{job}} where id = '{Guid.Parse(first)}'"))[0][0]);

        // cancel-consumer: B stops taking that queue's jobs, while it still runs the default queue's.
        var cancelled = Reply(Ok(await Cli.RunAsync("control", "cancel-consumer", queue, "--worker", b.Name, "--json")));
        Assert.DoesNotContain(queue, cancelled.GetProperty(b.Name).GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var second = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", queue)).Output;
        var markers = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "20")).Output;
        Assert.Equal("20", markers);
        await Eventually.UntilAsync(async () => await Db.CountAsync("queue = 'default' and state = 'SUCCESS'") == 20, Wait, "the default queue's jobs");
        Assert.Equal("PENDING", await Db.StateAsync(second));

        // rate-limit: stored as jobs ratelimit set stores it, and both workers are told.
        var limited = JsonDocument.Parse(Ok(await Cli.RunAsync("control", "rate-limit", "jobs.echo", "10/s", "--json")).Stdout).RootElement;
        Assert.Equal("10/s", limited.GetProperty("rate").GetString());
        Assert.Equal(new[] { a.Name, b.Name }.Order(), limited.GetProperty("replies").EnumerateObject().Select(p => p.Name).Order());
        var listed = JsonDocument.Parse(Ok(await Cli.RunAsync("ratelimit", "list", "--json")).Stdout).RootElement;
        Assert.Equal("10/s", Assert.Single(listed.EnumerateArray()).GetProperty("rate").GetString());

        // An error reply, if a worker gives one, is exit 5; otherwise 0.
        var odd = await Cli.RunAsync("control", "cancel-consumer", "never-consumed", "--worker", a.Name, "--json");
        var hasError = Reply(odd).GetProperty(a.Name).TryGetProperty("error", out _);
        Assert.Equal(hasError ? 5 : 0, odd.ExitCode);

        // shutdown of A: it exits 0; B still answers.
        var shutdown = Reply(Ok(await Cli.RunAsync("control", "shutdown", "--worker", a.Name, "--json")));
        Assert.Equal([a.Name], shutdown.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.False(b.HasExited);
        var ping = Reply(Ok(await Cli.RunAsync("inspect", "ping", "--json")));
        Assert.Equal([b.Name], ping.EnumerateObject().Select(p => p.Name));
    }

    private string Name(string role) => $"mon-{role}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task WaitForPingAsync(params string[] workers)
        => await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "ping", "--json");
            return r.ExitCode == 0 && workers.All(w => JsonDocument.Parse(r.Stdout).RootElement.TryGetProperty(w, out _));
        }, Wait, $"{string.Join(", ", workers)} to answer ping");

    private async Task<int> ConcurrencyAsync(string worker)
    {
        var stats = Reply(Ok(await Cli.RunAsync("inspect", "stats", "--worker", worker, "--json")));
        return stats.GetProperty(worker).GetProperty("concurrency").GetInt32();
    }

    private static JsonElement Reply(CliResult result)
    {
        try { return JsonDocument.Parse(result.Stdout).RootElement; }
        catch (JsonException ex) { throw new InvalidOperationException($"not JSON: {result}", ex); }
    }

    private static IEnumerable<JsonElement> Jobs(JsonElement replies, string worker)
        => replies.TryGetProperty(worker, out var r) && r.TryGetProperty("jobs", out var jobs) ? jobs.EnumerateArray() : [];

    private static List<JsonElement> Lines(string stdout)
        => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    /// <summary>PostgreSQL's percentile_cont: linear interpolation between the sorted values.</summary>
    private static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        var position = p * (sorted.Count - 1);
        var lo = (int)Math.Floor(position);
        var hi = (int)Math.Ceiling(position);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    private static DateTimeOffset Time(object? value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidOperationException($"not a time: {value}"),
    };
}
