using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Jobs.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Records what the user components and middleware of a test host saw, in order.</summary>
public sealed class HostLog
{
    public ConcurrentQueue<string> Steps { get; } = new();
    public ConcurrentQueue<Guid> Outer { get; } = new();
    public ConcurrentQueue<Guid> Inner { get; } = new();
}

/// <summary>A user component that needs the consumer: it starts once workers claim, and stops before they drain.</summary>
public sealed class AuditComponent(HostLog log) : IJobsComponent
{
    public string Name => "audit";
    public IReadOnlyCollection<string> Requires => [JobsComponents.Consumer];
    public Task StartAsync(CancellationToken cancellationToken) { log.Steps.Enqueue("audit:start"); return Task.CompletedTask; }
    public Task StopAsync(CancellationToken cancellationToken) { log.Steps.Enqueue("audit:stop"); return Task.CompletedTask; }
}

/// <summary>A user component that needs <see cref="AuditComponent"/>.</summary>
public sealed class ReportComponent(HostLog log) : IJobsComponent
{
    public string Name => "report";
    public IReadOnlyCollection<string> Requires => ["audit"];
    public Task StartAsync(CancellationToken cancellationToken) { log.Steps.Enqueue("report:start"); return Task.CompletedTask; }
    public Task StopAsync(CancellationToken cancellationToken) { log.Steps.Enqueue("report:stop"); return Task.CompletedTask; }
}

public sealed class OuterMiddleware(HostLog log) : IJobMiddleware
{
    public async Task InvokeAsync(JobContext context, Func<Task> next)
    {
        log.Steps.Enqueue($"outer:{context.Id}");
        log.Outer.Enqueue(context.Id);
        await next();
        log.Steps.Enqueue($"outer-after:{context.Id}");
    }
}

public sealed class InnerMiddleware(HostLog log) : IJobMiddleware
{
    public async Task InvokeAsync(JobContext context, Func<Task> next)
    {
        log.Steps.Enqueue($"inner:{context.Id}");
        log.Inner.Enqueue(context.Id);
        await next();
    }
}

/// <summary>Bootsteps (components in dependency order), middleware, signals and OpenTelemetry, on a real store.</summary>
public abstract class ComponentsConformance : ConformanceBase
{
    [Fact]
    public async Task User_components_start_in_dependency_order_and_middleware_sees_every_job()
    {
        var log = new HostLog();
        var host = await StartWorkerAsync(w => w.Concurrency = 4, o =>
        {
            o.AddComponent<ReportComponent>(); // registered before the one it requires: order comes from Requires
            o.AddComponent<AuditComponent>();
            o.UseMiddleware<OuterMiddleware>();
            o.UseMiddleware<InnerMiddleware>();
        }, s => s.AddSingleton(log));
        var jobsHost = host.Services.GetServices<IHostedService>().OfType<JobsHost>().Single();
        var order = jobsHost.Order.Select(c => c.Name).ToList();
        Assert.True(order.IndexOf(JobsComponents.Pool) < order.IndexOf(JobsComponents.Consumer));
        Assert.True(order.IndexOf(JobsComponents.Heartbeat) < order.IndexOf(JobsComponents.Consumer), string.Join(", ", order));
        Assert.True(order.IndexOf(JobsComponents.Consumer) < order.IndexOf("audit"));
        Assert.True(order.IndexOf("audit") < order.IndexOf("report"));
        Assert.Equal(["audit:start", "report:start"], log.Steps.ToList());

        var results = await Client.EnqueueManyAsync(Enumerable.Range(0, 20).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
        foreach (var r in results) await r.GetAsync<EchoArgs>(TimeSpan.FromSeconds(20));
        var ids = results.Select(r => r.Id).ToHashSet();
        Assert.Equal(ids, log.Outer.ToHashSet());
        Assert.Equal(ids, log.Inner.ToHashSet());
        var steps = log.Steps.ToList();
        foreach (var id in ids)
        {
            var outer = steps.IndexOf($"outer:{id}");
            Assert.True(outer >= 0 && outer < steps.IndexOf($"inner:{id}") && steps.IndexOf($"inner:{id}") < steps.IndexOf($"outer-after:{id}"));
        }

        await host.StopAsync();
        var end = log.Steps.Where(s => s.EndsWith(":stop", StringComparison.Ordinal)).ToList();
        Assert.Equal(["report:stop", "audit:stop"], end);
    }

    [Fact]
    public async Task A_component_requiring_a_missing_component_fails_the_start_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostAsync(o => o.AddComponent<AuditComponent>(),
            s => s.AddSingleton(new HostLog())));
        Assert.Contains("requires 'consumer'", error.Message);
    }

    [Fact]
    public async Task Signals_report_publish_run_outcomes_and_worker_lifecycle()
    {
        var seen = new ConcurrentQueue<string>();
        var host = await StartWorkerAsync(w => { w.Name = "signals-worker"; }, o =>
        {
            o.Signals.BeforePublish += s => seen.Enqueue($"before-publish:{s.Task}");
            o.Signals.AfterPublish += s => seen.Enqueue($"after-publish:{s.Task}");
            o.Signals.TaskPrerun += s => seen.Enqueue($"prerun:{s.Context.Task}");
            o.Signals.TaskSuccess += s => seen.Enqueue($"success:{s.Context.Task}:{s.ResultJson}");
            o.Signals.TaskFailure += s => seen.Enqueue($"failure:{s.Context.Task}:{s.Exception?.GetType().Name}");
            o.Signals.TaskRetry += s => seen.Enqueue($"retry:{s.Context.Task}:{s.Context.Attempt}");
            o.Signals.TaskPostrun += s => seen.Enqueue($"postrun:{s.Context.Task}:{s.State}");
            o.Signals.WorkerReady += s => seen.Enqueue($"ready:{s.Worker}");
            o.Signals.WorkerShutdown += s => seen.Enqueue($"shutdown:{s.Worker}");
        });
        Assert.Contains("ready:signals-worker", seen);
        var client = host.Services.GetRequiredService<IJobClient>();
        var ok = await client.EnqueueAsync("test.echo", new EchoArgs(7));
        await ok.GetAsync<EchoArgs>(TimeSpan.FromSeconds(20));
        var bad = await client.EnqueueAsync("test.fail", new EchoArgs(1), new EnqueueOptions { MaxRetries = 0 });
        await bad.WaitAsync(TimeSpan.FromSeconds(20));
        var flaky = await client.EnqueueAsync("test.flaky", new FlakyArgs(2), new EnqueueOptions { RetryBackoff = TimeSpan.Zero });
        await flaky.GetAsync<int>(TimeSpan.FromSeconds(20));
        await host.StopAsync();

        var list = seen.ToList();
        Assert.Contains("before-publish:test.echo", list);
        Assert.Contains("after-publish:test.echo", list);
        Assert.True(list.IndexOf("prerun:test.echo") < list.IndexOf("success:test.echo:{\"i\":7,\"text\":null}"), string.Join(" | ", list));
        Assert.True(list.IndexOf("success:test.echo:{\"i\":7,\"text\":null}") < list.IndexOf("postrun:test.echo:SUCCESS"));
        Assert.Contains("failure:test.fail:InvalidOperationException", list);
        Assert.Contains("postrun:test.fail:FAILURE", list);
        Assert.Contains("retry:test.flaky:1", list);
        Assert.Contains("postrun:test.flaky:RETRY", list);
        Assert.Contains("postrun:test.flaky:SUCCESS", list);
        Assert.Equal("shutdown:signals-worker", list.Last(s => s.StartsWith("shutdown:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_run_span_continues_the_enqueue_trace_and_the_meter_counts_outcomes()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == JobsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var completed = new ConcurrentQueue<(long Value, string? State, string? Task)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (i, l) => { if (i.Meter.Name == JobsTelemetry.Name && i.Name == "jobs.completed") l.EnableMeasurementEvents(i); };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? state = null, task = null;
            foreach (var t in tags) { if (t.Key == "state") state = t.Value as string; if (t.Key == "task") task = t.Value as string; }
            completed.Enqueue((value, state, task));
        });
        meters.Start();

        await StartWorkerAsync();
        using var caller = new Activity("caller").Start();
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        caller.Stop();
        await r.GetAsync<EchoArgs>(TimeSpan.FromSeconds(20));
        Assert.Equal(caller.TraceId.ToString(), (await GetAsync(r.Id)).TraceParent?.Split('-')[1]);
        await WaitUntilAsync(() => Task.FromResult(spans.Any(s => s.DisplayName == "run test.echo" && s.GetTagItem("messaging.message.id") as string == r.Id.ToString())),
            TimeSpan.FromSeconds(10), "the run span ended");
        var enqueue = spans.Single(s => s.DisplayName == "enqueue test.echo" && s.TraceId == caller.TraceId);
        var run = spans.Single(s => s.DisplayName == "run test.echo" && s.GetTagItem("messaging.message.id") as string == r.Id.ToString());
        Assert.Equal(ActivityKind.Producer, enqueue.Kind);
        Assert.Equal(ActivityKind.Consumer, run.Kind);
        Assert.Equal(caller.TraceId, run.TraceId);
        Assert.Equal(enqueue.SpanId, run.ParentSpanId);
        Assert.Contains(completed, c => c is { Value: 1, State: "SUCCESS", Task: "test.echo" });
    }
}
