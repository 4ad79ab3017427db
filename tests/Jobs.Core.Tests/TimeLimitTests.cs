using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class TimeLimitTests
{
    private static readonly TimeSpan S1 = TimeSpan.FromSeconds(1), S2 = TimeSpan.FromSeconds(2);

    [Fact]
    public void Task_limits_must_be_positive_and_soft_below_hard_and_the_message_names_the_task()
    {
        var o = new JobsOptions();
        var ex = Assert.Throws<ArgumentException>(() => o.AddTask<int, int>("t.zero", (a, _) => Task.FromResult(a), t => t.TimeLimit = TimeSpan.Zero));
        Assert.Contains("TimeLimit", ex.Message);
        Assert.Contains("'t.zero'", ex.Message);
        Assert.Contains("positive", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => o.AddTask<int, int>("t.neg", (a, _) => Task.FromResult(a), t => t.SoftTimeLimit = -S1));
        Assert.Contains("SoftTimeLimit for task 't.neg' must be positive", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => o.AddTask<int, int>("t.order", (a, _) => Task.FromResult(a), t => { t.SoftTimeLimit = S2; t.TimeLimit = S2; }));
        Assert.Equal("SoftTimeLimit (2s) for task 't.order' must be less than TimeLimit (2s).", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => o.AddTask<ScannedDoubler, int, int>("t.class", t => { t.SoftTimeLimit = S2; t.TimeLimit = S1; }));
        Assert.Contains("'t.class'", ex.Message);

        o.AddTask<int, int>("t.ok", (a, _) => Task.FromResult(a), t => { t.SoftTimeLimit = S1; t.TimeLimit = S2; });
        o.AddTask<ScannedDoubler, int, int>("t.class.ok", t => t.TimeLimit = S1);
        Assert.True(o.Tasks.TryGet("t.ok", out var h));
        Assert.Equal(new TimeLimits(S1, S2), h.Limits);
        Assert.True(o.Tasks.TryGet("t.class.ok", out h));
        Assert.Equal(new TimeLimits(null, S1), h.Limits);
    }

    [Fact]
    public void Worker_limits_are_validated()
    {
        var o = new JobsOptions();
        Assert.Contains("positive", Assert.Throws<ArgumentException>(() => o.AddWorker(w => w.SoftTimeLimit = TimeSpan.Zero)).Message);
        Assert.Contains("less than", Assert.Throws<ArgumentException>(() => o.AddWorker(w => { w.SoftTimeLimit = S2; w.TimeLimit = S1; })).Message);
        o.AddWorker(w => { w.SoftTimeLimit = S1; w.TimeLimit = S2; });
    }

    [Fact]
    public async Task Enqueue_options_are_validated_with_the_task_name()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UseStore(_ => new FakeStore()); o.AddRemoteTask("remote.t"); });
        await using var sp = services.BuildServiceProvider();
        var client = sp.GetRequiredService<IJobClient>();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("remote.t", null, new EnqueueOptions { TimeLimit = -S1 }));
        Assert.Contains("TimeLimit for task 'remote.t' must be positive", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("remote.t", null, new EnqueueOptions { SoftTimeLimit = S2, TimeLimit = S1 }));
        Assert.Contains("task 'remote.t'", ex.Message);
    }

    [Fact]
    public void Each_limit_comes_from_the_job_then_the_task_then_the_worker()
    {
        var task = new TimeLimits(S1, null);
        var worker = new TimeLimits(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        Assert.Equal(new TimeLimits(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(900)), TimeLimits.Resolve(500, 900, task, worker));
        Assert.Equal(new TimeLimits(S1, TimeSpan.FromSeconds(4)), TimeLimits.Resolve(null, null, task, worker));
        Assert.Equal(new TimeLimits(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(4)), TimeLimits.Resolve(500, null, task, worker));
        Assert.Equal(default, TimeLimits.Resolve(null, null, default, default));
    }

    [Fact]
    public void Limits_are_stored_in_whole_milliseconds()
    {
        Assert.Null(TimeLimits.ToMs(null));
        Assert.Equal(1500, TimeLimits.ToMs(TimeSpan.FromSeconds(1.5)));
        Assert.Equal(1, TimeLimits.ToMs(TimeSpan.FromTicks(1)));
    }
}
