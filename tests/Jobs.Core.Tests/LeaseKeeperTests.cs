using System.Collections.Concurrent;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The heartbeat: lost attempts are cancelled, dropped and disposed; attempts whose lease lapsed locally too.</summary>
public sealed class LeaseKeeperTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeStore _store = new();
    private readonly ConcurrentDictionary<HeldJob, HeldEntry> _held = new();
    private readonly ManualTime _time = new();

    /// <summary>A clock for elapsed local time only, moved by hand (one tick a millisecond).</summary>
    private sealed class ManualTime : TimeProvider
    {
        public long Now;
        public override long TimestampFrequency => 1000;
        public override long GetTimestamp() => Interlocked.Read(ref Now);
    }

    private LeaseKeeper Keeper() => new(_store, "w", Lease, _held, _time, NullLogger.Instance);

    private HeldEntry Hold(ClaimedJob job, bool completing = false)
    {
        var entry = new HeldEntry(job, CancellationToken.None, _time.GetTimestamp()) { Completing = completing };
        _held[entry.Key] = entry;
        return entry;
    }

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

        Assert.Equal(new[] { kept.Key, completing.Key, newer.Key }.ToHashSet(), _held.Keys.ToHashSet());
        foreach (var e in new[] { lost, older })
        {
            Assert.True(e.Token.IsCancellationRequested);
            Assert.True(e.IsDisposed);
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
        Assert.Equal([completing.Key], _held.Keys);
        Assert.True(running.Token.IsCancellationRequested);
        Assert.True(running.IsDisposed);
        Assert.False(completing.IsDisposed);
    }

    [Fact]
    public void A_held_entry_is_unlinked_from_the_worker_hard_stop_when_disposed()
    {
        using var hardStop = new CancellationTokenSource();
        var entry = new HeldEntry(FakeStore.Job("t"), hardStop.Token, 0);
        entry.Dispose();
        entry.Cancel(); // no-op once disposed
        hardStop.Cancel();
        Assert.False(entry.Token.IsCancellationRequested);
    }
}
