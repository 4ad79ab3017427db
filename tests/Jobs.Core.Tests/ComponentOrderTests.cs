using Jobs.Hosting;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class ComponentOrderTests
{
    private sealed class Step(string name, params string[] requires) : IJobsComponent
    {
        public string Name => name;
        public IReadOnlyCollection<string> Requires => requires;
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Each_component_comes_after_what_it_requires_and_the_rest_keep_registration_order()
    {
        var order = ComponentOrder.Sort([new Step("control", "consumer"), new Step("pool", "events"), new Step("consumer", "pool", "heartbeat"),
            new Step("events"), new Step("heartbeat", "pool"), new Step("rescuer")]);
        Assert.Equal(["events", "pool", "heartbeat", "consumer", "control", "rescuer"], order.Select(c => c.Name));
    }

    [Fact]
    public void A_cycle_is_refused_and_named()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ComponentOrder.Sort([new Step("a", "b"), new Step("b", "c"), new Step("c", "a")]));
        Assert.Contains("a → b → c → a", error.Message);
    }

    [Fact]
    public void A_missing_requirement_and_a_duplicate_name_are_refused()
    {
        Assert.Contains("requires 'beat'", Assert.Throws<InvalidOperationException>(() => ComponentOrder.Sort([new Step("x", "beat")])).Message);
        Assert.Contains("named 'x'", Assert.Throws<InvalidOperationException>(() => ComponentOrder.Sort([new Step("x"), new Step("x")])).Message);
    }
}
