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
        var lease = TimeSpan.FromSeconds(3);
        await StartWorkerAsync(w => w.Lease = lease, o => o.TimeProvider = new SkewedClock(Skew));
        var countdown = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromSeconds(1) });
        var expiring = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Expires = TimeSpan.FromMinutes(1) });
        var longRunning = await Client.EnqueueAsync("test.block");

        var c = await countdown.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, c.State);
        Assert.InRange(c.StartedAt!.Value - c.CreatedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.Success, (await expiring.WaitAsync(TimeSpan.FromSeconds(30))).State);

        // The heartbeat renews the running job's lease from the database clock, not the worker's skewed one (which would
        // set it minutes off: lapsed at once, or held long after the worker died), so it is never rescued.
        await Tasks.BlockStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var leaseUntil = (await GetAsync(longRunning.Id)).LeaseUntil!.Value;
        for (var renewal = 1; renewal <= 2; renewal++)
        {
            await WaitUntilAsync(async () =>
            {
                var job = await GetAsync(longRunning.Id);
                Assert.Equal((JobState.Started, 1), (job.State, job.Attempt)); // not rescued meanwhile
                if (job.LeaseUntil <= leaseUntil) return false;
                leaseUntil = job.LeaseUntil!.Value;
                return true;
            }, lease * 2, $"the lease is renewed ({renewal})");
            var left = leaseUntil - await Harness.DbNowAsync();
            Assert.True(left > -lease && left <= lease, $"renewal {renewal} set the lease to {left} from the database clock, not {lease}");
        }
        Tasks.Unblock.SetResult();
        var l = await longRunning.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, l.State);
        Assert.Equal(1, l.Attempt);
        Assert.Single(Tasks.Runs, x => x.Id == longRunning.Id);
    }
}
