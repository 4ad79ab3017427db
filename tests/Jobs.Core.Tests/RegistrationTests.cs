using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void AddJobs_without_a_store_says_how_to_configure_one()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddJobs(o => o.AddRemoteTask("x")));
        Assert.Contains("UsePostgres", ex.Message);
    }

    [Fact]
    public void A_task_name_registered_twice_is_rejected()
    {
        var o = new JobsOptions();
        o.AddTask<int, int>("dup", (a, _) => Task.FromResult(a));
        var ex = Assert.Throws<InvalidOperationException>(() => o.AddTask<int, int>("dup", (a, _) => Task.FromResult(a)));
        Assert.Contains("dup", ex.Message);
        Assert.Throws<ArgumentException>(() => o.AddTask<int, int>(" ", (a, _) => Task.FromResult(a)));
    }

    [Fact]
    public void Worker_options_are_validated()
    {
        var o = new JobsOptions();
        Assert.Contains("Concurrency", Assert.Throws<ArgumentException>(() => o.AddWorker(w => w.Concurrency = 0)).Message);
        Assert.Contains("queue", Assert.Throws<ArgumentException>(() => o.AddWorker(w => w.Queues = [])).Message);
    }

    [Fact]
    public void AddTasksFrom_registers_the_named_job_classes_of_an_assembly()
    {
        var o = new JobsOptions();
        Assert.Equal(1, o.AddTasksFrom(typeof(ScannedDoubler).Assembly));
        Assert.True(o.Tasks.TryGet("scan.double", out var handler));
        Assert.Equal("scan.double", handler.Name);
        Assert.False(o.Tasks.IsKnown(nameof(UnnamedJob)));
    }
}

[JobTask("scan.double")]
public sealed class ScannedDoubler : IJob<int, int>
{
    public Task<int> RunAsync(int args, JobContext context) => Task.FromResult(args * 2);
}

public sealed class UnnamedJob : IJob<int, int>
{
    public Task<int> RunAsync(int args, JobContext context) => Task.FromResult(args);
}
