using System.Collections.Concurrent;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The completer: outcomes the database refuses are isolated; a database that is down only delays the batch.</summary>
public sealed class BatchCompleterTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeStore _store = new() { Refuses = o => o.ResultJson?.Contains("\\u0000") == true };
    private readonly ConcurrentQueue<CompletionReport> _reports = new();
    private readonly CancellationTokenSource _giveUp = new();
    private readonly SemaphoreSlim _reported = new(0);
    private readonly BatchCompleter _completer;

    public BatchCompleterTests() => _completer = new BatchCompleter(_store, "w", TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger.Instance, r =>
    {
        _reports.Enqueue(r);
        _reported.Release();
    });

    private JobOutcome Outcome(string result)
    {
        var job = FakeStore.Job("t");
        _store.Own(job);
        return new JobOutcome { Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Success, ResultJson = result };
    }

    private async Task<List<JobOutcome>> SettledAsync(int count, Func<CompletionReport, IEnumerable<JobOutcome>> pick)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (_reports.Sum(r => r.Settled.Count()) < count)
            await _reported.WaitAsync(timeout.Token);
        return _reports.SelectMany(pick).ToList();
    }

    [Fact]
    public async Task A_refused_outcome_is_stored_as_a_failure_and_the_rest_of_its_batch_as_is()
    {
        var good1 = Outcome("1");
        var poison = Outcome("\"a\\u0000b\"");
        var good2 = Outcome("2");
        foreach (var o in new[] { good1, poison, good2 }) _completer.Add(o); // queued before the start: one batch
        _completer.Start(_giveUp.Token);

        var written = await SettledAsync(3, r => r.Written);
        Assert.Equal(3, written.Count);
        Assert.Equal("1", _store.Stored[good1.Id].ResultJson);
        Assert.Equal("2", _store.Stored[good2.Id].ResultJson);
        var stored = _store.Stored[poison.Id];
        Assert.Equal(OutcomeKind.Failure, stored.Kind);
        Assert.Equal("ResultNotStored: invalid byte sequence: 0x00", stored.Error);
        Assert.Null(stored.ResultJson);
    }

    [Fact]
    public async Task A_refused_outcome_alone_in_its_batch_is_stored_as_a_failure()
    {
        var poison = Outcome("\"\\u0000\"");
        _completer.Start(_giveUp.Token);
        _completer.Add(poison);
        await SettledAsync(1, r => r.Written);
        Assert.StartsWith("ResultNotStored: ", _store.Stored[poison.Id].Error);
    }

    [Fact]
    public async Task An_outcome_refused_even_as_a_failure_is_dropped_and_reported()
    {
        var good = Outcome("1");
        var doomed = Outcome("2");
        _store.Refuses = o => o.Id == doomed.Id;
        _completer.Add(doomed);
        _completer.Add(good);
        _completer.Start(_giveUp.Token);

        var dropped = await SettledAsync(2, r => r.Dropped);
        Assert.Equal([doomed], dropped);
        Assert.Equal([good], _reports.SelectMany(r => r.Written));
        Assert.False(_store.Stored.ContainsKey(doomed.Id));
    }

    [Fact]
    public async Task While_the_database_is_down_the_batch_is_kept_and_written_unchanged_once_it_is_back()
    {
        var failures = 0;
        var severalFailed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Finished += (_, threw) => { if (threw && Interlocked.Increment(ref failures) >= 8) severalFailed.TrySetResult(); };
        _store.Down = true;
        var a = Outcome("1");
        var b = Outcome("2");
        _completer.Add(a);
        _completer.Add(b);
        _completer.Start(_giveUp.Token);

        await severalFailed.Task.WaitAsync(Wait);
        Assert.Empty(_reports.SelectMany(r => r.Settled));
        _store.Down = false;

        await SettledAsync(2, r => r.Written);
        Assert.Equal("1", _store.Stored[a.Id].ResultJson);
        Assert.Equal("2", _store.Stored[b.Id].ResultJson);
        Assert.Empty(_reports.SelectMany(r => r.Dropped));
    }

    [Fact]
    public async Task Giving_up_with_outcomes_unwritten_stops_the_completer_cleanly()
    {
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _store.Finished += (_, threw) => { if (threw) failed.TrySetResult(); };
        _store.Down = true;
        _completer.Start(_giveUp.Token);
        _completer.Add(Outcome("1"));
        await failed.Task.WaitAsync(Wait);
        _completer.Add(Outcome("2"));

        _giveUp.Cancel();
        await _completer.StopAsync().WaitAsync(Wait); // must not fault (counting a single-reader channel throws)
        _completer.Add(Outcome("3")); // too late: logged, not thrown
        Assert.Empty(_store.Stored);
    }

    [Fact]
    public async Task A_store_error_that_races_giving_up_still_stops_the_completer_cleanly()
    {
        // The worker gives up while the store's write is failing: the error arrives with the token already cancelled.
        _store.Finished += (_, threw) => { if (threw) _giveUp.Cancel(); };
        _store.Down = true;
        _completer.Start(_giveUp.Token);
        _completer.Add(Outcome("1"));
        await _completer.StopAsync().WaitAsync(Wait); // faulted with the store's IOException before
        Assert.Empty(_store.Stored);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _giveUp.Cancel();
        try { await _completer.StopAsync(); } catch (OperationCanceledException) { }
        _giveUp.Dispose();
    }
}
