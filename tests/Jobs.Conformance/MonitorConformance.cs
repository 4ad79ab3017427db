using System.Text.Json;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// The monitoring port (<see cref="IMonitorStore"/>): the worker table and its sweep, the event table, and remote
/// control with replies. The reporting views: <see cref="ReportConformance"/>.
/// </summary>
public abstract class MonitorConformance : MonitorConformanceBase
{
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
        var interval = TimeSpan.FromSeconds(10);
        var forget = TimeSpan.FromHours(1);
        await Monitor.RegisterWorkerAsync(Worker("w-lapse", interval: interval), default);
        await Monitor.RegisterWorkerAsync(Worker("w-live", interval: TimeSpan.FromHours(1)), default);
        Assert.Empty(await Monitor.SweepWorkersAsync(forget, default));
        async Task<bool> LapseOnlineAsync() => (await Monitor.ListWorkersAsync(false, default)).Single(w => w.Name == "w-lapse").Online;

        // Nearly, then more than, three intervals pass on the database clock: the view says offline before the sweep marks it.
        await BackdateWorkersAsync(interval * 3 - TimeSpan.FromSeconds(5));
        Assert.True(await LapseOnlineAsync());
        Assert.Empty(await Monitor.SweepWorkersAsync(forget, default));
        await BackdateWorkersAsync(TimeSpan.FromSeconds(10));
        Assert.False(await LapseOnlineAsync());
        Assert.Equal(2, (await Monitor.ListWorkersAsync(false, default)).Count); // not stopped yet

        var swept = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Monitor.SweepWorkersAsync(forget, default)));
        Assert.Equal(["w-lapse"], swept.SelectMany(s => s)); // once, however many sweepers
        Assert.Empty(await Monitor.SweepWorkersAsync(forget, default));
        Assert.Equal(["w-live"], (await Monitor.ListWorkersAsync(false, default)).Select(w => w.Name));
        var lapsed = (await Monitor.ListWorkersAsync(true, default)).Single(w => w.Name == "w-lapse");
        Assert.NotNull(lapsed.StoppedAt);
        Assert.False(await Monitor.HeartbeatAsync(Worker("w-lapse", interval: interval), new WorkerLoad(0, 0), default));

        // Stopped rows are forgotten once stopped for forgetAfter; running ones stay, however old.
        await BackdateWorkersAsync(forget - TimeSpan.FromMinutes(1));
        Assert.Empty(await Monitor.SweepWorkersAsync(forget, default));
        Assert.Equal(["w-lapse", "w-live"], (await Monitor.ListWorkersAsync(true, default)).Select(w => w.Name).Order());
        await BackdateWorkersAsync(TimeSpan.FromMinutes(2));
        Assert.Empty(await Monitor.SweepWorkersAsync(forget, default));
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
        if (!Monitor.Capabilities.CrossProcessSignals)
        {
            Assert.True(Monitor.Capabilities.IdlePollInterval > TimeSpan.Zero && Monitor.Capabilities.IdlePollInterval <= TimeSpan.FromSeconds(5));
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
        var brief = await Monitor.SendControlAsync(ControlCommands.Ping, "{}", null, TimeSpan.FromSeconds(10), default);
        Assert.Contains(brief, (await Monitor.ReadControlAsync(other, "w1", default)).Select(r => r.Id));
        await BackdateControlAsync(TimeSpan.FromSeconds(11)); // its ten seconds pass on the database clock
        Assert.Empty(await Monitor.ReadControlAsync(other, "w1", default));
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
        await BackdateControlAsync(TimeSpan.FromSeconds(3)); // the request's two seconds pass on the database clock
        Assert.Equal(1, await Monitor.PruneControlAsync(default));
        Assert.Empty(await Monitor.ReadRepliesAsync(request, default));
        Assert.Equal(["w1"], (await Monitor.ReadRepliesAsync(lasting, default)).Select(r => r.Worker));
        Assert.Equal([lasting], (await Monitor.ReadControlAsync(0, "w1", default)).Select(r => r.Id));
        Assert.Equal(0, await Monitor.PruneControlAsync(default));
    }
}
