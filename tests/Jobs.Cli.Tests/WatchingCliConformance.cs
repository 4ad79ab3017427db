using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// Watching the system from the console with real processes: <c>jobs events --follow</c> streaming what a worker and a
/// client store, <c>jobs report</c> checked against the job table, and <c>jobs top</c> rendered in a tmux pane.
/// </summary>
public abstract class WatchingCliConformance : MonitoringCliTest
{
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
        var ping = Reply(Ok(await Cli.RunAsync("inspect", "ping", "--timeout", ReplyTimeout, "--json")));
        Assert.Equal([pool.Name], ping.EnumerateObject().Select(p => p.Name));
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
        // The sleeps' run times reflect what they slept (less a few ms: stored times are whole milliseconds on SQLite,
        // and a timer may fire a little before the millisecond it was set for; a CI run saw 298 ms for a 300 ms sleep).
        var sleep = tasks.Single(t => t.GetProperty("task").GetString() == "jobs.sleep");
        Assert.True(sleep.GetProperty("maxMs").GetDouble() >= 290, sleep.ToString());
        Assert.True(sleep.GetProperty("p50Ms").GetDouble() >= 140, sleep.ToString());

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
}
