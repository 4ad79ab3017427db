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
}
