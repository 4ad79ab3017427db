using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>A service provider holding the store (and workers) can be disposed synchronously, as <c>using var</c> does.</summary>
public abstract class DisposeConformance : ConformanceBase
{
    [Fact]
    public async Task A_provider_that_resolved_the_client_can_be_disposed_synchronously()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); });
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IJobClient>();
        var r = await client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Equal(JobState.Pending, await r.GetStateAsync());

        Assert.Null(Record.Exception(provider.Dispose));
    }

    [Fact]
    public async Task Events_still_buffered_when_a_client_provider_is_disposed_are_stored()
    {
        // As a console command does: enqueue with task-sent events, then dispose the provider at once. The event
        // recorder writes what it holds while it is disposed, so the store must outlive it.
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); o.Monitoring.SendTaskSentEvents = true; });
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IJobClient>();
        _ = provider.GetRequiredService<JobAdmin>();
        var sent = await client.EnqueueAsync("test.echo", new EchoArgs(7));
        await provider.DisposeAsync();

        var events = await Control.ReadNewestEventsAsync(1000);
        Assert.Contains(events, e => e.Type == "task-sent" && e.JobId == sent.Id);
    }

    [Fact]
    public async Task A_provider_with_a_running_worker_can_be_disposed_synchronously_and_stops_it()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); o.AddWorker(w => w.ShutdownGracePeriod = TimeSpan.FromMilliseconds(100)); });
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(default);
        var client = provider.GetRequiredService<IJobClient>();
        var done = await client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Equal(JobState.Success, (await done.WaitAsync(TimeSpan.FromSeconds(30))).State);
        var blocked = await client.EnqueueAsync("test.block");
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(Record.Exception(provider.Dispose));

        // Disposing stopped the worker: the running job was cancelled and released.
        await Tasks.BlockCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var job = (await Client.GetJobsAsync([blocked.Id])).Single();
        Assert.Equal(JobState.Pending, job.State);
        Assert.Null(job.Worker);
    }
}
