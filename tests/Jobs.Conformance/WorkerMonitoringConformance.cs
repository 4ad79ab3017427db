using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The worker side of monitoring on a real store: the workers table, events, and remote control.</summary>
public abstract class WorkerMonitoringConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    protected override void ConfigureClient(JobsOptions options) => options.Monitoring.SendTaskSentEvents = true;

    [Fact]
    public async Task A_worker_registers_answers_ping_within_two_seconds_and_is_stopped_after_its_host_stops()
    {
        var started = Stopwatch.StartNew();
        var host = await StartWorkerAsync(w => { w.Name = "w-ping"; w.Queues = ["default", "mail"]; w.Concurrency = 3; },
            o => o.Monitoring.HeartbeatInterval = TimeSpan.FromMilliseconds(300));
        var replies = await Control.BroadcastAsync(ControlCommands.Ping, timeout: TimeSpan.FromSeconds(2));
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(4), $"ping took {started.Elapsed}");
        var reply = Assert.Single(replies);
        Assert.Equal("w-ping", reply.Worker);
        Assert.Equal("pong", reply.Reply.GetProperty("ok").GetString());

        var worker = Assert.Single(await Control.ListWorkersAsync());
        Assert.Equal(("w-ping", Environment.ProcessId, "async", 3), (worker.Name, worker.Pid, worker.Pool, worker.Concurrency));
        Assert.Equal(["default", "mail"], worker.Queues);
        Assert.True(worker.Online);
        var firstBeat = worker.HeartbeatAt;
        await WaitUntilAsync(async () => (await Control.ListWorkersAsync()).Single().HeartbeatAt > firstBeat, Wait, "a heartbeat was written");

        await host.StopAsync();
        Assert.Empty(await Control.ListWorkersAsync());
        var stopped = Assert.Single(await Control.ListWorkersAsync(includeStopped: true));
        Assert.False(stopped.Online);
        Assert.NotNull(stopped.StoppedAt);
    }

    [Fact]
    public async Task Inspect_shows_active_reserved_registered_and_stats_and_revoke_terminates_a_running_job()
    {
        await StartWorkerAsync(w => { w.Name = "w-inspect"; w.Concurrency = 1; w.PrefetchMultiplier = 2; });
        var running = await Client.EnqueueAsync("test.block", new { });
        await Tasks.BlockStarted.Task.WaitAsync(Wait);
        var waiting = await Client.EnqueueAsync("test.block", new { });
        await WaitUntilAsync(async () => (await GetAsync(waiting.Id)).State == JobState.Started, Wait, "the second job was claimed into the buffer");

        var active = Assert.Single(await Control.BroadcastAsync(ControlCommands.Active)).Reply.GetProperty("jobs");
        var job = Assert.Single(active.EnumerateArray());
        Assert.Equal(running.Id, job.GetProperty("id").GetGuid());
        Assert.Equal("test.block", job.GetProperty("task").GetString());
        var reserved = Assert.Single(await Control.BroadcastAsync(ControlCommands.Reserved)).Reply.GetProperty("jobs");
        Assert.Equal(waiting.Id, Assert.Single(reserved.EnumerateArray()).GetProperty("id").GetGuid());
        var tasks = Assert.Single(await Control.BroadcastAsync(ControlCommands.Registered)).Reply.GetProperty("tasks");
        Assert.Contains("test.echo", tasks.EnumerateArray().Select(t => t.GetString()));
        var stats = Assert.Single(await Control.BroadcastAsync(ControlCommands.Stats)).Reply;
        Assert.Equal(1, stats.GetProperty("active").GetInt32());
        Assert.Equal(Environment.ProcessId, stats.GetProperty("pid").GetInt32());

        var revoked = await Control.RevokeAsync([running.Id], terminate: true);
        Assert.Equal([running.Id], revoked.Revoked);
        // The worker replies; it names the job unless the store's finished-jobs signal made it let go first.
        var reply = Assert.Single(revoked.Replies);
        Assert.All(reply.Reply.GetProperty("ids").EnumerateArray(), i => Assert.Equal(running.Id, i.GetGuid()));
        Assert.Equal(running.Id, await Tasks.BlockCancelled.Task.WaitAsync(Wait));
        Assert.Equal(JobState.Revoked, (await GetAsync(running.Id)).State);
        // The freed slot runs the buffered job.
        await WaitUntilAsync(() => Task.FromResult(Tasks.Runs.Any(r => r.Id == waiting.Id)), Wait, "the reserved job started");
        Tasks.Unblock.TrySetResult();
        Assert.Equal("unblocked", await waiting.GetAsync<string>(Wait));
    }

    [Fact]
    public async Task Pool_grow_and_shrink_change_the_concurrency_and_consumers_can_be_added_and_cancelled()
    {
        await StartWorkerAsync(w => { w.Name = "w-pool"; w.Concurrency = 2; });
        var grown = Assert.Single(await Control.BroadcastAsync(ControlCommands.PoolGrow, new { n = 3 }));
        Assert.Equal(5, grown.Reply.GetProperty("concurrency").GetInt32());
        var shrunk = Assert.Single(await Control.BroadcastAsync(ControlCommands.PoolShrink, new { n = 4 }));
        Assert.Equal(1, shrunk.Reply.GetProperty("concurrency").GetInt32());
        Assert.Equal(1, Assert.Single(await Control.BroadcastAsync(ControlCommands.Stats)).Reply.GetProperty("concurrency").GetInt32());
        var tooFar = Assert.Single(await Control.BroadcastAsync(ControlCommands.PoolShrink, new { n = 1 }));
        Assert.Contains("cannot shrink below one", tooFar.Error);

        // With one slot, two blocking jobs run one after the other.
        var a = await Client.EnqueueAsync("test.block", new { });
        var b = await Client.EnqueueAsync("test.block", new { });
        await Tasks.BlockStarted.Task.WaitAsync(Wait);
        await WaitUntilAsync(async () => (await GetAsync(b.Id)).State == JobState.Started, Wait, "the second job was claimed");
        var stats = Assert.Single(await Control.BroadcastAsync(ControlCommands.Stats)).Reply;
        Assert.Equal(1, stats.GetProperty("active").GetInt32());
        Tasks.Unblock.TrySetResult();
        await a.WaitAsync(Wait);
        await b.WaitAsync(Wait);

        var added = Assert.Single(await Control.BroadcastAsync(ControlCommands.AddConsumer, new { queue = "reports" }));
        Assert.Equal(["default", "reports"], added.Reply.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        var report = await Client.EnqueueAsync("test.echo", new EchoArgs(5), new EnqueueOptions { Queue = "reports" });
        Assert.Equal(5, (await report.GetAsync<EchoArgs>(Wait))!.I);
        var cancelled = Assert.Single(await Control.BroadcastAsync(ControlCommands.CancelConsumer, new { queue = "reports" }));
        Assert.Equal(["default"], cancelled.Reply.GetProperty("queues").EnumerateArray().Select(q => q.GetString()));
        await WaitUntilAsync(async () => (await Control.ListWorkersAsync()).Single().Queues.SequenceEqual(["default"]), Wait,
            "the heartbeat stored the worker's queues");
        var lastOnly = Assert.Single(await Control.BroadcastAsync(ControlCommands.CancelConsumer, new { queue = "default" }));
        Assert.Contains("only queue", lastOnly.Error);
        var unknown = Assert.Single(await Control.BroadcastAsync("frobnicate"));
        Assert.Contains("unknown command", unknown.Error);
    }

    [Fact]
    public async Task Control_requests_reach_only_their_destination_and_shutdown_stops_the_host()
    {
        var one = await StartWorkerAsync(w => w.Name = "w-one");
        await StartWorkerAsync(w => w.Name = "w-two");
        var both = await Control.BroadcastAsync(ControlCommands.Ping);
        Assert.Equal(["w-one", "w-two"], both.Select(r => r.Worker));
        var only = await Control.BroadcastAsync(ControlCommands.Ping, destination: "w-two");
        Assert.Equal(["w-two"], only.Select(r => r.Worker));

        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        one.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        var reply = Assert.Single(await Control.BroadcastAsync(ControlCommands.Shutdown, destination: "w-one"));
        Assert.Equal("shutting down", reply.Reply.GetProperty("ok").GetString());
        await stopping.Task.WaitAsync(Wait);
    }

    [Fact]
    public async Task Events_reach_subscribers_and_the_events_table_in_lifecycle_order()
    {
        var seen = new ConcurrentQueue<JobEvent>();
        await StartWorkerAsync(w => { w.Name = "w-events"; w.SendEvents = true; }, o => o.OnEvent(seen.Enqueue));
        await using var follow = Control.FollowEventsAsync().GetAsyncEnumerator();
        var next = follow.MoveNextAsync().AsTask();

        var ok = await Client.EnqueueAsync("test.echo", new EchoArgs(3));
        await ok.GetAsync<EchoArgs>(Wait);
        var bad = await Client.EnqueueAsync("test.fail", new EchoArgs(4), new EnqueueOptions { MaxRetries = 1, RetryBackoff = TimeSpan.Zero });
        await bad.WaitAsync(Wait);

        Assert.True(await next.WaitAsync(Wait));
        var streamed = new List<JobEvent> { follow.Current };
        await WaitUntilAsync(async () =>
        {
            var stored = await Control.ReadEventsAsync();
            return stored.Any(e => e.Type == JobEventTypes.TaskFailed && e.JobId == bad.Id);
        }, Wait, "the failure event was stored");
        var events = await Control.ReadEventsAsync();
        Assert.Equal(events.Select(e => e.Id).Order(), events.Select(e => e.Id));

        // Ids order events as stored; the client and the worker store theirs separately, so lifecycle order is by timestamp.
        var okTypes = events.Where(e => e.JobId == ok.Id).OrderBy(e => e.Timestamp).Select(e => e.Type).ToList();
        Assert.Equal([JobEventTypes.TaskSent, JobEventTypes.TaskReceived, JobEventTypes.TaskStarted, JobEventTypes.TaskSucceeded], okTypes);
        var succeeded = events.Single(e => e.JobId == ok.Id && e.Type == JobEventTypes.TaskSucceeded);
        Assert.Equal(("w-events", "test.echo"), (succeeded.Worker, succeeded.Task));
        Assert.NotNull(succeeded.Runtime);
        Assert.Equal(3, JsonDocument.Parse(succeeded.Result!).RootElement.GetProperty("i").GetInt32());
        var badTypes = events.Where(e => e.JobId == bad.Id).OrderBy(e => e.Timestamp).Select(e => e.Type).ToList();
        Assert.Contains(JobEventTypes.TaskRetried, badTypes);
        Assert.Equal(JobEventTypes.TaskFailed, badTypes[^1]);
        Assert.StartsWith("InvalidOperationException: boom 4", events.Single(e => e.JobId == bad.Id && e.Type == JobEventTypes.TaskFailed).Exception);
        Assert.Contains(events, e => e.Type == JobEventTypes.WorkerOnline && e.Worker == "w-events");
        // The stream started after the newest event at the time, and sees what came later.
        Assert.Contains(streamed[0].Type, JobEventTypes.All);
        Assert.True(streamed[0].Id > 0);

        // In-process subscribers of the worker host see the worker's events (task-sent comes from the other client).
        Assert.Equal([JobEventTypes.TaskReceived, JobEventTypes.TaskStarted, JobEventTypes.TaskSucceeded],
            seen.Where(e => e.JobId == ok.Id).Select(e => e.Type));
    }

    [Fact]
    public async Task Every_revoked_job_gets_one_task_revoked_event_from_the_worker_that_ran_it_or_from_the_revoker()
    {
        await StartWorkerAsync(w => { w.Name = "w-revoke"; w.SendEvents = true; w.Concurrency = 1; w.Lease = TimeSpan.FromSeconds(3); });
        var running = await Client.EnqueueAsync("test.block", new { });
        await Tasks.BlockStarted.Task.WaitAsync(Wait);
        var later = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });

        Assert.True(await running.RevokeAsync()); // through the store only: the worker hears of it and lets the job go
        Assert.Equal(running.Id, await Tasks.BlockCancelled.Task.WaitAsync(Wait));
        Assert.Equal([later.Id], (await Control.RevokeAsync([later.Id], terminate: false)).Revoked);

        await WaitUntilAsync(async () => (await Control.ReadEventsAsync()).Count(e => e.Type == JobEventTypes.TaskRevoked) >= 2, Wait,
            "both task-revoked events were stored");
        var revoked = (await Control.ReadEventsAsync()).Where(e => e.Type == JobEventTypes.TaskRevoked).ToList();
        Assert.Equal(2, revoked.Count);
        var byWorker = Assert.Single(revoked, e => e.JobId == running.Id);
        Assert.Equal(("w-revoke", "test.block"), (byWorker.Worker, byWorker.Task));
        var byClient = Assert.Single(revoked, e => e.JobId == later.Id);
        Assert.Null(byClient.Worker);
    }
}
