using Jobs.Worker;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class AsyncSignalTests
{
    [Fact]
    public async Task A_signal_set_before_waiting_is_not_lost_and_is_consumed_once()
    {
        var s = new AsyncSignal();
        s.Set();
        s.Set(); // coalesces
        Assert.True(await s.WaitAsync(TimeSpan.FromSeconds(5), default));
        Assert.False(await s.WaitAsync(TimeSpan.FromMilliseconds(20), default));
    }

    [Fact]
    public async Task A_waiter_is_woken_by_a_later_signal()
    {
        var s = new AsyncSignal();
        var wait = s.WaitAsync(TimeSpan.FromSeconds(30), default);
        Assert.False(wait.IsCompleted);
        s.Set();
        Assert.True(await wait);
    }
}
