using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// <c>jobs inspect</c> and <c>jobs control</c> answered by running worker processes (and a process pool's supervisor).
/// Events, reports and the live view: <see cref="WatchingCliConformance"/>.
/// </summary>
public abstract class MonitoringCliConformance : MonitoringCliTest
{
    [Fact]
    public async Task Inspect_ping_lists_a_worker_as_soon_as_it_is_ready()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("ping"));
        // StartAsync returns as the ready line arrives: the very first ping must find the worker answering. (Not a
        // stopwatch from the ready line: under load, starting the ping process alone took over 2 s.) The timeout
        // covers the reply's way back through the control table, polled every 200 ms on SQLite.
        var ping = Ok(await Cli.RunAsync("inspect", "ping", "--json", "--timeout", "5s"));
        var replies = JsonDocument.Parse(ping.Stdout).RootElement;
        Assert.True(replies.TryGetProperty(worker.Name, out _), $"{worker.Name} did not answer the first ping after its ready line: {ping.Stdout}\n{worker.Stderr}");
        Assert.Equal("pong", replies.GetProperty(worker.Name).GetProperty("ok").GetString());

        var text = Ok(await Cli.RunAsync("inspect", "ping", "--timeout", "5s")); // returns once every online worker replied
        Assert.Contains(worker.Name, text.Output);
        Assert.Contains("pong", text.Output);
        var registered = JsonDocument.Parse(Ok(await Cli.RunAsync("inspect", "registered", "--json", "--timeout", "5s")).Stdout).RootElement;
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
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            if (r.ExitCode != 0) return false;
            active = JsonDocument.Parse(r.Stdout).RootElement;
            return Jobs(active, worker.Name).Any(j => j.GetProperty("id").GetString() == id);
        }, Wait, $"inspect active to list {id}");
        var job = Jobs(active, worker.Name).Single(j => j.GetProperty("id").GetString() == id);
        Assert.Equal("jobs.sleep", job.GetProperty("task").GetString());
        Assert.Equal("default", job.GetProperty("queue").GetString());
        var table = Ok(await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout));
        Assert.Contains(id, table.Output);
        Assert.Contains("jobs.sleep", table.Output);

        var revoke = Ok(await Cli.RunAsync("control", "revoke", "--timeout", ReplyTimeout, id, "--terminate"));
        Assert.Contains($"revoked {id}", revoke.Output);
        Assert.Contains(worker.Name, revoke.Output); // its reply
        await Eventually.UntilAsync(async () =>
        {
            var status = await Cli.RunAsync("status", id);
            return status.Stdout.Split('\n')[0].Trim() == "REVOKED";
        }, Wait, $"jobs status {id} to show REVOKED");
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).All(j => j.GetProperty("id").GetString() != id);
        }, Wait, "the worker to stop running the revoked job");
        // Revoking it again changes nothing.
        Assert.Contains("already revoked", Ok(await Cli.RunAsync("control", "revoke", "--timeout", ReplyTimeout, id)).Output);
    }

    [Fact]
    public async Task Plain_revoke_of_a_running_job_stops_it_at_once_through_remote_control()
    {
        // Without the broadcast a worker in another process hears of the revoke at its next lease renewal (SQLite: ~10 s).
        await using var worker = await WorkerProcess.StartAsync(Cli, "-n", Name("revoke"));
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).Any(j => j.GetProperty("id").GetString() == id);
        }, Wait, $"inspect active to list {id}");
        Assert.Equal($"revoked {id}", Ok(await Cli.RunAsync("revoke", id)).Output);
        var stopped = Stopwatch.StartNew();
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, worker.Name).All(j => j.GetProperty("id").GetString() != id);
        }, Wait, "the worker to stop running the revoked job");
        Assert.True(stopped.Elapsed < TimeSpan.FromSeconds(5), $"the revoked job ran on for {stopped.Elapsed}");
        Assert.Equal("REVOKED", await Db.StateAsync(id));
    }

    [Fact]
    public async Task A_process_pool_grows_and_shrinks_changes_its_queues_and_terminates_a_revoked_job()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-n", Name("prefork"), "-c", "1");
        await WaitForPingAsync(pool.Name);
        var stats = Reply(Ok(await Cli.RunAsync("inspect", "stats", "--timeout", ReplyTimeout, "--json"))).GetProperty(pool.Name);
        Assert.Equal(("process", 1), (stats.GetProperty("pool").GetString(), stats.GetProperty("concurrency").GetInt32()));

        var grown = Reply(Ok(await Cli.RunAsync("control", "pool-grow", "--timeout", ReplyTimeout, "1", "--json"))).GetProperty(pool.Name);
        Assert.Equal(2, grown.GetProperty("concurrency").GetInt32());
        await pool.WaitForChildrenAsync(2, Wait);
        // Two sleeps run at once, one in each child.
        var first = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        var second = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 600}""")).Output;
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, pool.Name).Select(j => j.GetProperty("id").GetString()).Order()
                .SequenceEqual(new[] { first, second }.Order());
        }, Wait, "inspect active to list both sleeps");

        // Revoke with terminate ends the job: its child is killed (and replaced), unless the child's own worker cancelled
        // the sleep first (it hears of the revoke from the store too); either way the pool runs two children again.
        var revoke = Ok(await Cli.RunAsync("control", "revoke", "--timeout", ReplyTimeout, first, "--terminate", "--json"));
        Assert.Contains(first, revoke.Stdout);
        await Eventually.UntilAsync(async () => await Db.StateAsync(first) == "REVOKED", Wait, "the revoked job to be REVOKED");
        await Eventually.UntilAsync(async () =>
        {
            var r = await Cli.RunAsync("inspect", "active", "--timeout", ReplyTimeout, "--json");
            return r.ExitCode == 0 && Jobs(JsonDocument.Parse(r.Stdout).RootElement, pool.Name).All(j => j.GetProperty("id").GetString() != first);
        }, Wait, "the pool to stop running the revoked job");
        await pool.WaitForChildrenAsync(2, Wait);

        var shrunk = Reply(Ok(await Cli.RunAsync("control", "pool-shrink", "--timeout", ReplyTimeout, "1", "--json"))).GetProperty(pool.Name);
        Assert.Equal(1, shrunk.GetProperty("concurrency").GetInt32());
        Ok(await Cli.RunAsync("control", "revoke", "--timeout", ReplyTimeout, second));
        await Eventually.UntilAsync(() => Task.FromResult(pool.Children().Count == 1), Wait, "the pool to run one child");

        // A new queue: the children are replaced by ones consuming it.
        var added = Reply(Ok(await Cli.RunAsync("control", "add-consumer", "--timeout", ReplyTimeout, "reports", "--json"))).GetProperty(pool.Name);
        Assert.Contains("reports", added.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var report = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", "reports", "--args", """{"r": 1}""")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(report) == "SUCCESS", Wait, "the job on the new queue to run");
    }

    [Fact]
    public async Task Control_commands_change_the_addressed_worker_only()
    {
        await using var a = await WorkerProcess.StartAsync(Cli, "-n", Name("a"), "-c", "2");
        await using var b = await WorkerProcess.StartAsync(Cli, "-n", Name("b"), "-c", "2");
        await WaitForPingAsync(a.Name, b.Name);

        // pool-grow / pool-shrink on A only.
        var grow = Reply(Ok(await Cli.RunAsync("control", "pool-grow", "--timeout", ReplyTimeout, "3", "--worker", a.Name, "--json")));
        Assert.Equal([a.Name], grow.EnumerateObject().Select(p => p.Name));
        Assert.Equal(5, grow.GetProperty(a.Name).GetProperty("concurrency").GetInt32());
        Assert.Equal(5, await ConcurrencyAsync(a.Name));
        Assert.Equal(2, await ConcurrencyAsync(b.Name));
        Ok(await Cli.RunAsync("control", "pool-shrink", "--timeout", ReplyTimeout, "1", "--worker", a.Name));
        Assert.Equal(4, await ConcurrencyAsync(a.Name));
        Assert.Equal(2, await ConcurrencyAsync(b.Name));

        // add-consumer: B runs a job of a queue nobody consumed.
        var queue = "extra" + Guid.NewGuid().ToString("N")[..6];
        var first = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", queue)).Output;
        Assert.Equal("PENDING", await Db.StateAsync(first));
        var added = Reply(Ok(await Cli.RunAsync("control", "add-consumer", "--timeout", ReplyTimeout, queue, "--worker", b.Name, "--json")));
        Assert.Contains(queue, added.GetProperty(b.Name).GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        await Eventually.UntilAsync(async () => await Db.StateAsync(first) == "SUCCESS", Wait, $"the {queue} job to run");
        Assert.Equal(b.Name, (await Db.QueryAsync($"select worker from {{job}} where id = '{Guid.Parse(first)}'"))[0][0]);

        // cancel-consumer: B stops taking that queue's jobs, while it still runs the default queue's.
        var cancelled = Reply(Ok(await Cli.RunAsync("control", "cancel-consumer", "--timeout", ReplyTimeout, queue, "--worker", b.Name, "--json")));
        Assert.DoesNotContain(queue, cancelled.GetProperty(b.Name).GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var second = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", queue)).Output;
        var markers = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "20")).Output;
        Assert.Equal("20", markers);
        await Eventually.UntilAsync(async () => await Db.CountAsync("queue = 'default' and state = 'SUCCESS'") == 20, Wait, "the default queue's jobs");
        Assert.Equal("PENDING", await Db.StateAsync(second));

        // rate-limit: stored as jobs ratelimit set stores it, and both workers are told.
        var limited = JsonDocument.Parse(Ok(await Cli.RunAsync("control", "rate-limit", "--timeout", ReplyTimeout, "jobs.echo", "10/s", "--json")).Stdout).RootElement;
        Assert.Equal("10/s", limited.GetProperty("rate").GetString());
        Assert.Equal(new[] { a.Name, b.Name }.Order(), limited.GetProperty("replies").EnumerateObject().Select(p => p.Name).Order());
        var listed = JsonDocument.Parse(Ok(await Cli.RunAsync("ratelimit", "list", "--json")).Stdout).RootElement;
        Assert.Equal("10/s", Assert.Single(listed.EnumerateArray()).GetProperty("rate").GetString());

        // An error reply, if a worker gives one, is exit 5; otherwise 0.
        var odd = await Cli.RunAsync("control", "cancel-consumer", "--timeout", ReplyTimeout, "never-consumed", "--worker", a.Name, "--json");
        var hasError = Reply(odd).GetProperty(a.Name).TryGetProperty("error", out _);
        Assert.Equal(hasError ? 5 : 0, odd.ExitCode);

        // shutdown of A: it exits 0; B still answers.
        var shutdown = Reply(Ok(await Cli.RunAsync("control", "shutdown", "--timeout", ReplyTimeout, "--worker", a.Name, "--json")));
        Assert.Equal([a.Name], shutdown.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, await a.WaitForExitAsync(TimeSpan.FromSeconds(40)));
        Assert.False(b.HasExited);
        var ping = Reply(Ok(await Cli.RunAsync("inspect", "ping", "--timeout", ReplyTimeout, "--json")));
        Assert.Equal([b.Name], ping.EnumerateObject().Select(p => p.Name));
    }
}
