using System.Text.Json;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// The monitoring port (<see cref="IMonitorStore"/>): the worker table and its sweep, the event table, remote control
/// with replies, and the reporting views checked against figures computed here from the rows written.
/// </summary>
public abstract class MonitorConformance : ConformanceBase, IAsyncLifetime
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

    private static WorkerRegistration Worker(string name, TimeSpan? interval = null, string[]? queues = null, int concurrency = 4) => new()
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

    // Workers.

    [Fact]
    public async Task Workers_register_heartbeat_stop_and_list_with_online_computed_on_the_database_clock()
    {
        await Monitor.RegisterWorkerAsync(Worker("w-b"), default);
        await Monitor.RegisterWorkerAsync(Worker("w-a", queues: ["q1", "q2"]), default);

        var listed = await Monitor.ListWorkersAsync(includeStopped: false, default);
        Assert.Equal(["w-a", "w-b"], listed.Select(w => w.Name));
        var a = listed[0];
        Assert.Equal("host-w-a", a.Hostname);
        Assert.Equal(4242, a.Pid);
        Assert.Equal(["q1", "q2"], a.Queues);
        Assert.Equal("async", a.Pool);
        Assert.Equal(4, a.Concurrency);
        Assert.Equal("1.2.3", a.Version);
        Assert.Equal(TimeSpan.FromSeconds(2), a.HeartbeatInterval);
        Assert.True(a.Online);
        Assert.Null(a.StoppedAt);
        Assert.Equal(0, a.Active);
        Assert.Equal(0L, a.Processed);
        Assert.True(a.HeartbeatAt >= a.StartedAt);

        // Queues and concurrency change at run time: the heartbeat writes them with the load.
        Assert.True(await Monitor.HeartbeatAsync(Worker("w-a", queues: ["q3"], concurrency: 9), new WorkerLoad(3, 17), default));
        var beat = (await Monitor.ListWorkersAsync(false, default)).Single(w => w.Name == "w-a");
        Assert.Equal(["q3"], beat.Queues);
        Assert.Equal(9, beat.Concurrency);
        Assert.Equal(3, beat.Active);
        Assert.Equal(17L, beat.Processed);
        Assert.True(beat.HeartbeatAt >= a.HeartbeatAt);
        Assert.Equal(a.StartedAt, beat.StartedAt);

        await Monitor.MarkStoppedAsync("w-b", default);
        Assert.Equal(["w-a"], (await Monitor.ListWorkersAsync(false, default)).Select(w => w.Name));
        var all = await Monitor.ListWorkersAsync(includeStopped: true, default);
        Assert.Equal(["w-a", "w-b"], all.Select(w => w.Name));
        Assert.False(all[1].Online);
        Assert.NotNull(all[1].StoppedAt);

        // A stopped or unknown worker's heartbeat fails: it registers again.
        Assert.False(await Monitor.HeartbeatAsync(Worker("w-b"), new WorkerLoad(0, 0), default));
        Assert.False(await Monitor.HeartbeatAsync(Worker("nobody"), new WorkerLoad(0, 0), default));
        await Monitor.RegisterWorkerAsync(Worker("w-b"), default);
        var back = (await Monitor.ListWorkersAsync(false, default)).Single(w => w.Name == "w-b");
        Assert.True(back.Online);
        Assert.Null(back.StoppedAt);
        Assert.True(await Monitor.HeartbeatAsync(Worker("w-b"), new WorkerLoad(1, 1), default));
    }

    [Fact]
    public async Task Sweep_marks_a_worker_that_missed_three_heartbeats_stopped_exactly_once_and_later_forgets_it()
    {
        await Monitor.RegisterWorkerAsync(Worker("w-lapse", interval: TimeSpan.FromMilliseconds(300)), default);
        await Monitor.RegisterWorkerAsync(Worker("w-live", interval: TimeSpan.FromHours(1)), default);
        Assert.Empty(await Monitor.SweepWorkersAsync(TimeSpan.FromHours(1), default));

        // Three intervals (900 ms) pass on the database clock: the view says offline before the sweep marks it.
        await WaitUntilAsync(async () => !(await Monitor.ListWorkersAsync(false, default)).Single(w => w.Name == "w-lapse").Online,
            TimeSpan.FromSeconds(10), "w-lapse is offline");
        Assert.Equal(2, (await Monitor.ListWorkersAsync(false, default)).Count); // not stopped yet

        var swept = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Monitor.SweepWorkersAsync(TimeSpan.FromHours(1), default)));
        Assert.Equal(["w-lapse"], swept.SelectMany(s => s)); // once, however many sweepers
        Assert.Empty(await Monitor.SweepWorkersAsync(TimeSpan.FromHours(1), default));
        Assert.Equal(["w-live"], (await Monitor.ListWorkersAsync(false, default)).Select(w => w.Name));
        var lapsed = (await Monitor.ListWorkersAsync(true, default)).Single(w => w.Name == "w-lapse");
        Assert.NotNull(lapsed.StoppedAt);
        Assert.False(await Monitor.HeartbeatAsync(Worker("w-lapse", interval: TimeSpan.FromMilliseconds(300)), new WorkerLoad(0, 0), default));

        // Stopped rows are forgotten after forgetAfter; running ones stay.
        await WaitUntilAsync(async () =>
        {
            await Monitor.SweepWorkersAsync(TimeSpan.FromMilliseconds(1), default);
            return (await Monitor.ListWorkersAsync(true, default)).All(w => w.Name != "w-lapse");
        }, TimeSpan.FromSeconds(10), "w-lapse is forgotten");
        Assert.Equal(["w-live"], (await Monitor.ListWorkersAsync(true, default)).Select(w => w.Name));
    }

    // Events.

    private static JobEvent TaskEvent(string type, DateTimeOffset at, Guid? job = null) => new()
    {
        Type = type,
        Timestamp = at,
        JobId = job ?? Guid.CreateVersion7(),
        Task = "test.echo",
        Queue = "default",
        Worker = "w1",
        Attempt = 2,
        Args = """{"i":1}""",
        Eta = at.AddMinutes(5),
        Runtime = 0.125,
        Result = "[1,2]",
        Exception = "InvalidOperationException: no",
        Terminated = false,
    };

    [Fact]
    public async Task Events_are_stored_in_order_with_growing_ids_and_read_back_whole()
    {
        var now = await Harness.DbNowAsync();
        Assert.Equal(0L, await Monitor.LastEventIdAsync(default));
        Assert.Empty(await Monitor.ReadEventsAsync(0, 100, default));
        await Monitor.InsertEventsAsync([], default);

        var first = new[]
        {
            TaskEvent(JobEventTypes.TaskSent, now.AddTicks(1234567)),
            TaskEvent(JobEventTypes.TaskStarted, now.AddSeconds(1)),
            new JobEvent
            {
                Type = JobEventTypes.WorkerHeartbeat, Timestamp = now.AddSeconds(2), Worker = "w1", Hostname = "h", Pid = 7,
                Active = 3, Processed = 12345678901, Freq = 2.5, Version = "1.0",
            },
        };
        await Monitor.InsertEventsAsync(first, default);
        var read = await Monitor.ReadEventsAsync(0, 100, default);
        Assert.Equal(3, read.Count);
        for (var i = 0; i < 3; i++) Assert.Equal(first[i] with { Id = read[i].Id }, read[i]);
        Assert.True(read[0].Id > 0 && read[0].Id < read[1].Id && read[1].Id < read[2].Id);
        Assert.Equal(read[2].Id, await Monitor.LastEventIdAsync(default));

        var second = Enumerable.Range(0, 5).Select(i => TaskEvent(JobEventTypes.TaskSucceeded, now.AddSeconds(10 + i))).ToArray();
        await Monitor.InsertEventsAsync(second, default);
        var after = await Monitor.ReadEventsAsync(read[2].Id, 100, default);
        Assert.Equal(second.Select(e => e.JobId), after.Select(e => e.JobId));
        Assert.True(after.Zip(after.Skip(1)).All(p => p.First.Id < p.Second.Id));
        Assert.True(after[0].Id > read[2].Id);
        Assert.Equal(second.Take(2).Select(e => e.JobId), (await Monitor.ReadEventsAsync(read[2].Id, 2, default)).Select(e => e.JobId));
        Assert.Equal(after[^1].Id, await Monitor.LastEventIdAsync(default));
    }

    [Fact]
    public async Task Events_older_than_the_retention_are_pruned_by_event_time_and_ids_never_repeat()
    {
        var now = await Harness.DbNowAsync();
        var old = new[] { TaskEvent(JobEventTypes.TaskSent, now.AddHours(-3)), TaskEvent(JobEventTypes.TaskSent, now.AddHours(-2)) };
        var recent = TaskEvent(JobEventTypes.TaskSent, now.AddMinutes(-1));
        await Monitor.InsertEventsAsync([old[0], recent, old[1]], default);

        Assert.Equal(0, await Monitor.PruneEventsAsync(TimeSpan.FromHours(4), default));
        Assert.Equal(2, await Monitor.PruneEventsAsync(TimeSpan.FromHours(1), default));
        var left = Assert.Single(await Monitor.ReadEventsAsync(0, 100, default));
        Assert.Equal(recent.JobId, left.JobId);

        Assert.Equal(1, await Monitor.PruneEventsAsync(TimeSpan.Zero, default));
        Assert.Empty(await Monitor.ReadEventsAsync(0, 100, default));
        await Monitor.InsertEventsAsync([TaskEvent(JobEventTypes.TaskSent, now)], default);
        Assert.True(Assert.Single(await Monitor.ReadEventsAsync(0, 100, default)).Id > left.Id); // a follower never sees an id again
    }

    [Fact]
    public async Task Stored_events_and_control_requests_are_signalled_where_the_store_pushes_signals()
    {
        if (!Monitor.PushesSignals)
        {
            Assert.True(Monitor.PollInterval > TimeSpan.Zero && Monitor.PollInterval <= TimeSpan.FromSeconds(5));
            return;
        }
        var reset = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Monitor.Signals.Reset += () => reset.TrySetResult();
        Monitor.Signals.EventsStored += () => stored.TrySetResult();
        Monitor.Signals.ControlSent += () => sent.TrySetResult();
        Monitor.StartSignals();
        await reset.Task.WaitAsync(TimeSpan.FromSeconds(30)); // listening

        await Monitor.InsertEventsAsync([TaskEvent(JobEventTypes.TaskSent, await Harness.DbNowAsync())], default);
        await stored.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromMinutes(1), default);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    // Remote control.

    private static void AssertJson(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(e.RootElement, a.RootElement), $"Expected {expected}, got {actual}.");
    }

    [Fact]
    public async Task Control_requests_are_read_by_their_destination_after_an_id_until_they_expire()
    {
        Assert.Equal(0L, await Monitor.LastControlIdAsync(default));
        var ping = await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromMinutes(1), default);
        var stats = await Monitor.SendControlAsync(ControlCommands.Stats, """{"verbose": true}""", "w1", TimeSpan.FromMinutes(1), default);
        var other = await Monitor.SendControlAsync(ControlCommands.PoolGrow, """{"n":2}""", "w2", TimeSpan.FromMinutes(1), default);
        Assert.True(ping < stats && stats < other);
        Assert.Equal(other, await Monitor.LastControlIdAsync(default));

        var forW1 = await Monitor.ReadControlAsync(0, "w1", default);
        Assert.Equal([ping, stats], forW1.Select(r => r.Id));
        Assert.Equal([ControlCommands.Ping, ControlCommands.Stats], forW1.Select(r => r.Command));
        Assert.Null(forW1[0].Destination);
        Assert.Equal("w1", forW1[1].Destination);
        AssertJson("{}", forW1[0].ArgsJson);
        AssertJson("""{"verbose":true}""", forW1[1].ArgsJson);
        var ttl = forW1[0].ExpiresAt - forW1[0].CreatedAt;
        Assert.InRange(ttl.TotalMilliseconds, 59_000, 61_000);

        Assert.Equal([stats], (await Monitor.ReadControlAsync(ping, "w1", default)).Select(r => r.Id));
        Assert.Equal([ping, other], (await Monitor.ReadControlAsync(0, "w2", default)).Select(r => r.Id));
        Assert.Equal([ping], (await Monitor.ReadControlAsync(0, "w3", default)).Select(r => r.Id));
        Assert.Empty(await Monitor.ReadControlAsync(other, "w2", default));

        // An expired request is no longer read.
        var brief = await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromMilliseconds(500), default);
        Assert.Contains(brief, (await Monitor.ReadControlAsync(other, "w1", default)).Select(r => r.Id));
        await WaitUntilAsync(async () => (await Monitor.ReadControlAsync(other, "w1", default)).Count == 0, TimeSpan.FromSeconds(10), "the request expires");
    }

    [Fact]
    public async Task Replies_are_stored_per_worker_and_pruned_with_their_expired_request()
    {
        var request = await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromSeconds(2), default);
        var lasting = await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromMinutes(5), default);
        Assert.Empty(await Monitor.ReadRepliesAsync(request, default));

        await Monitor.ReplyControlAsync(request, "w2", """{"ok":"pong"}""", default);
        await Monitor.ReplyControlAsync(request, "w1", """{"error":"busy"}""", default);
        await Monitor.ReplyControlAsync(request, "w1", """{"ok": "pong", "n": 1}""", default); // answering again replaces
        await Monitor.ReplyControlAsync(lasting, "w1", """{"ok":"pong"}""", default);
        await Monitor.ReplyControlAsync(987654, "w1", """{"ok":"pong"}""", default); // no such request: dropped

        var now = await Harness.DbNowAsync();
        var replies = await Monitor.ReadRepliesAsync(request, default);
        Assert.Equal(["w1", "w2"], replies.Select(r => r.Worker));
        Assert.Equal("pong", replies[0].Reply.GetProperty("ok").GetString());
        Assert.Equal(1, replies[0].Reply.GetProperty("n").GetInt32());
        Assert.Null(replies[0].Error);
        Assert.Equal("pong", replies[1].Reply.GetProperty("ok").GetString());
        Assert.All(replies, r => Assert.InRange(r.At, now.AddMinutes(-1), now.AddSeconds(1)));
        Assert.Empty(await Monitor.ReadRepliesAsync(987654, default));

        Assert.Equal(0, await Monitor.PruneControlAsync(default));
        var pruned = 0;
        await WaitUntilAsync(async () => (pruned += await Monitor.PruneControlAsync(default)) > 0, TimeSpan.FromSeconds(10), "the request expires and is pruned");
        Assert.Equal(1, pruned);
        Assert.Empty(await Monitor.ReadRepliesAsync(request, default));
        Assert.Equal(["w1"], (await Monitor.ReadRepliesAsync(lasting, default)).Select(r => r.Worker));
        Assert.Equal([lasting], (await Monitor.ReadControlAsync(0, "w1", default)).Select(r => r.Id));
        Assert.Equal(0, await Monitor.PruneControlAsync(default));
    }

    // Reporting.

    /// <summary>PostgreSQL's percentile_cont: pos = (n − 1)·p over the sorted values, linear interpolation between neighbours.</summary>
    private static double? PercentileCont(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var pos = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private sealed record Finished(string Queue, string Task, string State, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt)
    {
        public double? Ms => State is "SUCCESS" or "FAILURE" && StartedAt is { } s ? (FinishedAt - s).TotalMilliseconds : null;
    }

    /// <summary>Writes finished jobs with known times: enqueued through the client, then their rows set.</summary>
    private async Task WriteAsync(IReadOnlyList<Finished> rows)
    {
        var results = await Client.EnqueueManyAsync(rows.Select(r => new JobRequest(r.Task, new EchoArgs(1), new EnqueueOptions { Queue = r.Queue })));
        foreach (var (row, job) in rows.Zip(results))
            await Harness.SetJobAsync(job.Id, row.State, startedAt: row.StartedAt, finishedAt: row.FinishedAt);
    }

    private static void AssertReport(IReadOnlyList<Finished> rows, JobsReport report)
    {
        static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var throughput = rows.GroupBy(r => (Minute: Minute(r.FinishedAt), r.Queue, r.Task))
            .OrderBy(g => g.Key.Minute).ThenBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Task, StringComparer.Ordinal)
            .Select(g => new ThroughputRow(g.Key.Minute, g.Key.Queue, g.Key.Task,
                g.LongCount(r => r.State == "SUCCESS"), g.LongCount(r => r.State == "FAILURE"), g.LongCount(r => r.State == "REVOKED")))
            .ToList();
        Assert.Equal(throughput, report.Throughput);

        var tasks = rows.GroupBy(r => (r.Queue, r.Task))
            .OrderBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Task, StringComparer.Ordinal).ToList();
        Assert.Equal(tasks.Select(g => (g.Key.Queue, g.Key.Task)), report.Tasks.Select(t => (t.Queue, t.Task)));
        foreach (var (g, actual) in tasks.Zip(report.Tasks))
        {
            long succeeded = g.Count(r => r.State == "SUCCESS"), failed = g.Count(r => r.State == "FAILURE");
            Assert.Equal(succeeded, actual.Succeeded);
            Assert.Equal(failed, actual.Failed);
            Assert.Equal(g.LongCount(r => r.State == "REVOKED"), actual.Revoked);
            AssertClose(succeeded + failed == 0 ? null : (double)failed / (succeeded + failed), actual.FailureRate, $"{g.Key} failure rate");
            var ms = g.Where(r => r.Ms is not null).Select(r => r.Ms!.Value).ToList();
            AssertClose(PercentileCont(ms, 0.5), actual.P50Ms, $"{g.Key} p50");
            AssertClose(PercentileCont(ms, 0.95), actual.P95Ms, $"{g.Key} p95");
            AssertClose(PercentileCont(ms, 0.99), actual.P99Ms, $"{g.Key} p99");
            AssertClose(ms.Count == 0 ? null : ms.Max(), actual.MaxMs, $"{g.Key} max");
        }
    }

    private static void AssertClose(double? expected, double? actual, string what)
    {
        if (expected is null) { Assert.True(actual is null, $"{what}: expected null, got {actual}."); return; }
        Assert.True(actual is { } a && Math.Abs(a - expected.Value) <= 1e-6 * Math.Max(1, Math.Abs(expected.Value)), $"{what}: expected {expected}, got {actual}.");
    }

    [Fact]
    public async Task Report_counts_failure_rate_and_run_time_percentiles_match_percentile_cont_over_the_rows_and_since_filters()
    {
        var now = await Harness.DbNowAsync();
        var second = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        DateTimeOffset recentBase = second.AddMinutes(-3), oldBase = second.AddHours(-3);
        var rows = new List<Finished>();
        // qa/test.echo: 30 timed runs (23 succeeded, 7 failed) with spread-out run times, 2 revoked, 1 success without a start.
        for (var i = 0; i < 30; i++)
        {
            var start = recentBase.AddSeconds(i * 3);
            rows.Add(new Finished("qa", "test.echo", i % 4 == 1 && i < 28 ? "FAILURE" : "SUCCESS", start, start.AddMilliseconds((i * 7919) % 2503 + 1)));
        }
        rows.Add(new Finished("qa", "test.echo", "REVOKED", null, recentBase.AddSeconds(20)));
        rows.Add(new Finished("qa", "test.echo", "REVOKED", recentBase.AddSeconds(21), recentBase.AddSeconds(22)));
        rows.Add(new Finished("qa", "test.echo", "SUCCESS", null, recentBase.AddSeconds(23)));
        // qa/test.fail: one run; qb/test.flaky: revoked only (no rate, no run times).
        rows.Add(new Finished("qa", "test.fail", "FAILURE", recentBase, recentBase.AddMilliseconds(1500)));
        rows.Add(new Finished("qb", "test.flaky", "REVOKED", null, recentBase.AddSeconds(5)));
        // Old rows, outside a one-hour window: different run times for qa/test.echo, and a task only there.
        for (var i = 0; i < 9; i++)
        {
            var start = oldBase.AddSeconds(i * 11);
            rows.Add(new Finished("qa", "test.echo", i % 3 == 0 ? "FAILURE" : "SUCCESS", start, start.AddMilliseconds(10_000 + i * 977)));
        }
        rows.Add(new Finished("qc", "test.echo", "SUCCESS", oldBase, oldBase.AddMilliseconds(42)));
        await WriteAsync(rows);
        // Unfinished jobs count in neither view of finished jobs.
        await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "qa" });

        var all = await Monitor.ReportAsync(null, default);
        Assert.Null(all.Since);
        AssertReport(rows, all);

        var windowed = await Monitor.ReportAsync(TimeSpan.FromHours(1), default);
        var after = await Harness.DbNowAsync();
        Assert.NotNull(windowed.Since);
        Assert.InRange(windowed.Since!.Value, now.AddHours(-1).AddSeconds(-1), after.AddHours(-1).AddSeconds(1));
        AssertReport(rows.Where(r => r.FinishedAt >= windowed.Since).ToList(), windowed);
        Assert.DoesNotContain(windowed.Tasks, t => t.Queue == "qc");
        Assert.NotEqual(all.Tasks.Single(t => t.Queue == "qa" && t.Task == "test.echo").P50Ms,
            windowed.Tasks.Single(t => t.Queue == "qa" && t.Task == "test.echo").P50Ms);
    }

    [Fact]
    public async Task Report_queue_depths_split_waiting_scheduled_and_running_and_age_the_oldest_waiting_job()
    {
        var now = await Harness.DbNowAsync();
        var second = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        async Task<Guid> Enqueue(string queue, TimeSpan? countdown = null)
            => (await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = queue, Countdown = countdown })).Id;

        await Enqueue("depth"); // PENDING, due now
        var oldest = await Enqueue("depth");
        await Harness.SetJobAsync(oldest, "PENDING", runAt: second.AddSeconds(-90));
        var retryDue = await Enqueue("depth");
        await Harness.SetJobAsync(retryDue, "RETRY", runAt: second.AddSeconds(-10));
        var dueScheduled = await Enqueue("depth");
        await Harness.SetJobAsync(dueScheduled, "SCHEDULED", runAt: second.AddSeconds(-30));
        await Enqueue("depth", TimeSpan.FromHours(1)); // SCHEDULED later
        var retryLater = await Enqueue("depth");
        await Harness.SetJobAsync(retryLater, "RETRY", runAt: second.AddMinutes(30));
        var awaiting = await Enqueue("depth"); // a workflow job waiting for its parent: neither waiting nor scheduled
        await Harness.SetJobAsync(awaiting, "SCHEDULED", runAt: new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var running = await Enqueue("depth");
        await Harness.SetJobAsync(running, "STARTED", startedAt: second);
        var done = await Enqueue("depth");
        await Harness.SetJobAsync(done, "SUCCESS", startedAt: second, finishedAt: second);
        await Enqueue("later", TimeSpan.FromMinutes(5));
        var finishedOnly = await Enqueue("finished-only");
        await Harness.SetJobAsync(finishedOnly, "FAILURE", startedAt: second, finishedAt: second);

        var report = await Monitor.ReportAsync(null, default);
        var after = await Harness.DbNowAsync();
        Assert.Equal(["depth", "later"], report.Queues.Select(q => q.Queue));
        var depth = report.Queues[0];
        Assert.Equal((4L, 2L, 1L), (depth.Waiting, depth.Scheduled, depth.Running));
        Assert.Equal(second.AddSeconds(-90), depth.OldestWaitingSince);
        Assert.InRange(depth.OldestWaitSeconds!.Value, (now - second.AddSeconds(-90)).TotalSeconds - 0.002, (after - second.AddSeconds(-90)).TotalSeconds + 0.002);
        var later = report.Queues[1];
        Assert.Equal((0L, 1L, 0L), (later.Waiting, later.Scheduled, later.Running));
        Assert.Null(later.OldestWaitingSince);
        Assert.Null(later.OldestWaitSeconds);
    }
}
