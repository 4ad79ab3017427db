using Xunit;

namespace Jobs.Conformance;

/// <summary>Leases, eta and expiry use the database's clock: a client and worker whose clocks are minutes off still behave.</summary>
public abstract class ClockConformance : ConformanceBase
{
    private sealed class SkewedClock(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + skew;
    }

    protected abstract TimeSpan Skew { get; }

    protected override void ConfigureClient(JobsOptions options) => options.TimeProvider = new SkewedClock(Skew);

    [Fact]
    public async Task Eta_expiry_and_leases_hold_under_a_skewed_worker_clock()
    {
        await StartWorkerAsync(w => w.Lease = TimeSpan.FromSeconds(3), o => o.TimeProvider = new SkewedClock(Skew));
        var countdown = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromSeconds(1) });
        var expiring = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Expires = TimeSpan.FromMinutes(1) });
        var longRunning = await Client.EnqueueAsync("test.block");

        var c = await countdown.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, c.State);
        Assert.InRange(c.StartedAt!.Value - c.CreatedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.Success, (await expiring.WaitAsync(TimeSpan.FromSeconds(30))).State);

        // Runs past two 3 s leases: the heartbeat must keep it, so it finishes on its first attempt.
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(6)); // time itself must pass; there is no event to await
        Tasks.Unblock.SetResult();
        var l = await longRunning.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, l.State);
        Assert.Equal(1, l.Attempt);
        Assert.Single(Tasks.Runs, x => x.Id == longRunning.Id);
    }
}
