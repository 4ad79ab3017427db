using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The heartbeat: lost attempts are cancelled and let go of; attempts whose lease lapsed locally too; those whose outcome is on its way stay.</summary>
public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeStore _store = new();
    private readonly ManualTime _time = new();
    private readonly HeldAttempts _held;

    public LeaseKeeperTests() => _held = new HeldAttempts(CancellationToken.None, _time);

    /// <summary>A clock for elapsed local time only, moved by hand (one tick a millisecond).</summary>
    private sealed class ManualTime : TimeProvider
    {
        public long Now;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Interlocked.Read(ref Now);
    }

    private LeaseKeeper Keeper() => new(_store, "w", Lease, _held, _time, NullLogger.Instance);

    private HeldAttempt Hold(ClaimedJob job, bool completing = false)
    {
        var attempt = _held.Add(job, _time.GetTimestamp())!;
        Assert.True(_held.Start(attempt));
        if (completing) Assert.True(_held.Complete(attempt));
        return attempt;
    }

    private HashSet<HeldJob> HeldKeys => _held.InState(AttemptState.Live).Select(a => a.Key).ToHashSet();

    [Fact]
    public async Task Attempts_no_longer_owned_are_cancelled_removed_and_disposed()
    {
        var kept = Hold(FakeStore.Job("t"));
        var lost = Hold(FakeStore.Job("t"));
        var completing = Hold(FakeStore.Job("t"), completing: true);
        var id = Guid.CreateVersion7();
        var older = Hold(FakeStore.Job("t", id, attempt: 1));
        var newer = Hold(FakeStore.Job("t", id, attempt: 2));
        _store.Own(kept.Job);
        _store.Own(newer.Job); // the store knows attempt 2 only
        _time.Now = 5000;

        await Keeper().ExtendOnceAsync(default);

        Assert.Equal(new[] { kept.Key, completing.Key, newer.Key }.ToHashSet(), HeldKeys);
        foreach (var e in new[] { lost, older })
        {
            Assert.True(e.Token.IsCancellationRequested);
            Assert.Equal(AttemptState.Lost, e.State);
        }
        Assert.False(kept.Token.IsCancellationRequested);
        Assert.False(newer.Token.IsCancellationRequested);
        Assert.Equal(5000, kept.LeaseFrom);
        Assert.Equal(0, completing.LeaseFrom); // not renewed: its outcome settles it
    }

    [Fact]
    public void Running_attempts_not_renewed_for_a_whole_lease_are_cancelled_and_dropped()
    {
        var running = Hold(FakeStore.Job("t"));
        var completing = Hold(FakeStore.Job("t"), completing: true);
        var keeper = Keeper();

        _time.Now = (long)Lease.TotalMilliseconds - 1;
        keeper.DropLapsed();
        Assert.Equal(2, _held.Count);
        Assert.False(running.Token.IsCancellationRequested);

        _time.Now = (long)Lease.TotalMilliseconds;
        keeper.DropLapsed();
        Assert.Equal([completing.Key], HeldKeys);
        Assert.True(running.Token.IsCancellationRequested);
        Assert.Equal(AttemptState.Lost, running.State);
        Assert.Equal(AttemptState.Completing, completing.State);
    }

    [Fact]
    public async Task The_attempts_lost_are_reported_once_to_the_lost_lease_listeners()
    {
        var kept = Hold(FakeStore.Job("t"));
        var lost = Hold(FakeStore.Job("t"));
        _store.Own(kept.Job);
        var keeper = Keeper();
        var reports = new List<IReadOnlyList<HeldAttempt>>();
        keeper.LeasesLost += reports.Add;

        await keeper.ExtendOnceAsync(default);
        await keeper.ExtendOnceAsync(default); // let go of already: not reported again

        Assert.Equal([lost], Assert.Single(reports));
    }
}
