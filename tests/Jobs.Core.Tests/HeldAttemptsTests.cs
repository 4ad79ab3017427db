using Jobs.Storage;
using Jobs.Worker;
using Xunit;

namespace Jobs.Core.Tests;

/// <summary>The ledger of held attempts: each attempt's states, which moves win a race, what each move reports, and the reservations that bound claiming.</summary>
public sealed class HeldAttemptsTests : IDisposable
{
    private readonly CancellationTokenSource _hardStop = new();
    private readonly HeldAttempts _held;

    public HeldAttemptsTests() => _held = new HeldAttempts(_hardStop.Token, TimeProvider.System);

    public void Dispose() => _hardStop.Dispose();

    private HeldAttempt Add(ClaimedJob? job = null) => _held.Add(job ?? FakeStore.Job("t"), 0)!;

    private HeldAttempt Running(ClaimedJob? job = null)
    {
        var a = Add(job);
        Assert.True(_held.Start(a));
        return a;
    }

    private HeldAttempt Completing(ClaimedJob? job = null)
    {
        var a = Running(job);
        Assert.True(_held.Complete(a));
        return a;
    }

    private static JobOutcome Outcome(HeldAttempt a) => new() { Id = a.Job.Id, Attempt = a.Job.Attempt, Kind = OutcomeKind.Success };

    private static CompletionReport Written(params JobOutcome[] outcomes) => new(outcomes, [], [], []);

    [Fact]
    public void An_attempt_goes_from_buffered_to_running_to_completing_to_settled_and_is_reported_once()
    {
        var a = Add();
        Assert.Equal(AttemptState.Buffered, a.State);
        Assert.Null(a.StartedAt);
        Assert.Equal([a], _held.InState(AttemptState.Buffered));

        Assert.True(_held.Start(a));
        Assert.Equal(AttemptState.Running, a.State);
        Assert.NotNull(a.StartedAt);
        Assert.True(_held.Complete(a));
        Assert.Equal(AttemptState.Completing, a.State);
        Assert.NotNull(a.Runtime);

        var outcome = Outcome(a);
        var first = Assert.Single(_held.Settle(Written(outcome)));
        Assert.Same(a, first.Attempt);
        Assert.Equal(AttemptState.Settled, a.State);
        Assert.Equal(0, _held.Count);
        Assert.False(a.Token.IsCancellationRequested);

        var again = Assert.Single(_held.Settle(Written(outcome))); // a repeated report: written, but no attempt to publish it for
        Assert.Null(again.Attempt);
    }

    [Fact]
    public void Moves_out_of_order_do_nothing_and_say_so()
    {
        var buffered = Add();
        Assert.False(_held.Complete(buffered));
        Assert.Empty(_held.Settle(new CompletionReport([], [Outcome(buffered)], [], [])));
        Assert.Equal(AttemptState.Buffered, buffered.State);

        var running = Running();
        Assert.False(_held.Start(running));
        Assert.Null(Assert.Single(_held.Settle(Written(Outcome(running)))).Attempt);
        Assert.Equal(AttemptState.Running, running.State);

        var completing = Completing();
        Assert.False(_held.LoseLease(completing)); // its outcome is on its way: writing it settles it
        Assert.False(_held.Complete(completing));
        Assert.Equal(AttemptState.Completing, completing.State);

        Assert.True(_held.LoseLease(running));
        Assert.False(_held.LoseLease(running));
        Assert.False(_held.Abandon(running));
        Assert.False(_held.Complete(running)); // its late outcome finds nothing to move
        Assert.Equal(AttemptState.Lost, running.State);
    }

    [Fact]
    public void A_move_from_a_state_that_cannot_precede_it_is_refused_as_a_bug()
    {
        var a = Add();
        Assert.Throws<ArgumentException>(() => a.TryMove(AttemptState.Buffered, AttemptState.Settled, TimeProvider.System));
        Assert.Throws<ArgumentException>(() => a.TryMove(AttemptState.Lost, AttemptState.Running, TimeProvider.System));
        Assert.Throws<ArgumentException>(() => a.TryMove(AttemptState.Completing, AttemptState.Released, TimeProvider.System));
        Assert.Equal(AttemptState.Buffered, a.State);
        foreach (var to in Enum.GetValues<AttemptState>())
            Assert.Equal((AttemptState)0, HeldAttempt.Predecessors(to) & AttemptState.Ended); // nothing follows an ended attempt
        Assert.Equal((AttemptState)0, HeldAttempt.Predecessors(AttemptState.Buffered)); // nothing precedes the claim
    }

    [Fact]
    public void A_lost_attempt_is_cancelled_and_let_go_of_while_a_settled_one_is_only_let_go_of()
    {
        var lost = Running();
        var settled = Completing();
        Assert.True(_held.LoseLease(lost));
        _held.Settle(Written(Outcome(settled)));

        Assert.True(lost.Token.IsCancellationRequested);
        Assert.False(settled.Token.IsCancellationRequested);
        _hardStop.Cancel(); // ended attempts are unlinked from the worker's hard stop
        Assert.False(settled.Token.IsCancellationRequested);
        Assert.Equal(0, _held.Count);
    }

    [Fact]
    public void Running_attempts_are_cancelled_by_the_hard_stop_and_stay_held_to_be_released()
    {
        var a = Running();
        _hardStop.Cancel();
        Assert.True(a.Token.IsCancellationRequested);
        Assert.Equal(AttemptState.Running, a.State);
        Assert.Equal([a], _held.ReleaseUnfinished());
    }

    [Fact]
    public async Task Of_a_completion_and_a_lost_lease_racing_exactly_one_wins_and_only_a_completed_attempt_settles()
    {
        var attempts = Enumerable.Range(0, 2000).Select(_ => Running()).ToList();
        var start = new Barrier(2);
        var completed = new bool[attempts.Count];
        var lost = new bool[attempts.Count];
        var settledHeld = new bool[attempts.Count];
        var executor = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < attempts.Count; i++)
            {
                completed[i] = _held.Complete(attempts[i]);
                // The outcome is written either way; the ledger says whether it settled an attempt still held.
                settledHeld[i] = _held.Settle(Written(Outcome(attempts[i])))[0].Attempt is not null;
            }
        });
        var keeper = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = attempts.Count - 1; i >= 0; i--) lost[i] = _held.LoseLease(attempts[i]);
        });
        await Task.WhenAll(executor, keeper);

        for (var i = 0; i < attempts.Count; i++)
        {
            Assert.True(completed[i] ^ lost[i]);
            Assert.Equal(completed[i], settledHeld[i]);
            Assert.Equal(lost[i], attempts[i].Token.IsCancellationRequested);
            Assert.Equal(completed[i] ? AttemptState.Settled : AttemptState.Lost, attempts[i].State);
        }
        Assert.Equal(0, _held.Count);
    }

    [Fact]
    public async Task Of_a_settle_and_a_newer_claim_racing_exactly_one_lets_go_of_a_completing_attempt()
    {
        var attempts = Enumerable.Range(0, 2000).Select(_ => Completing()).ToList();
        var start = new Barrier(2);
        var settled = new bool[attempts.Count];
        var superseded = new bool[attempts.Count];
        var completer = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < attempts.Count; i++) settled[i] = _held.Settle(Written(Outcome(attempts[i])))[0].Attempt is not null;
        });
        var fetch = Task.Run(() =>
        {
            start.SignalAndWait();
            for (var i = attempts.Count - 1; i >= 0; i--) superseded[i] = _held.Supersede([attempts[i].Job.Id]).Count == 1;
        });
        await Task.WhenAll(completer, fetch);

        for (var i = 0; i < attempts.Count; i++) Assert.True(settled[i] ^ superseded[i]);
        Assert.Equal(0, _held.Count);
    }

    [Fact]
    public void Reservations_last_until_the_executor_is_done_whatever_became_of_the_attempt()
    {
        var ran = Completing();
        var lostInBuffer = Add();
        var waiting = Add();
        Assert.Equal(3, _held.Reservations);

        Assert.True(_held.LoseLease(lostInBuffer));
        Assert.Equal(3, _held.Reservations); // still takes a place in the buffer until an executor skips it
        _held.Unreserve(lostInBuffer);
        _held.Unreserve(ran);
        _held.Unreserve(ran); // once only
        Assert.Equal(1, _held.Reservations);
        Assert.Equal(2, _held.Count); // the completing attempt is held, not reserved: its slot is free
        Assert.Equal([waiting], _held.InState(AttemptState.Buffered));
    }

    [Fact]
    public void The_same_attempt_claimed_twice_is_held_once_and_a_newer_attempt_is_held_beside_it_until_it_supersedes_it()
    {
        var id = Guid.CreateVersion7();
        var first = Running(FakeStore.Job("t", id, attempt: 1));
        Assert.Null(_held.Add(FakeStore.Job("t", id, attempt: 1), 0));
        Assert.Equal(1, _held.Reservations);

        Assert.Equal([first], _held.Supersede([id]));
        var second = Add(FakeStore.Job("t", id, attempt: 2));
        Assert.True(first.Token.IsCancellationRequested);
        Assert.Null(Assert.Single(_held.Settle(Written(Outcome(first)))).Attempt); // the older attempt's late outcome leaves the newer one held
        Assert.Equal([second], _held.InState(AttemptState.Live));
    }

    [Fact]
    public void A_revoke_takes_buffered_and_running_attempts_and_leaves_those_whose_outcome_is_on_its_way()
    {
        var buffered = Add();
        var running = Running();
        var completing = Completing();
        var other = Running();

        var revoked = _held.Revoke([buffered.Job.Id, running.Job.Id, completing.Job.Id]);

        Assert.Equal(new[] { buffered, running }.ToHashSet(), revoked.ToHashSet());
        Assert.Null(buffered.StartedAt);
        Assert.NotNull(running.StartedAt);
        Assert.All(revoked, a => Assert.True(a.Token.IsCancellationRequested));
        Assert.Equal(new[] { completing, other }.ToHashSet(), _held.InState(AttemptState.Live).ToHashSet());
        Assert.Empty(_held.Revoke([buffered.Job.Id, running.Job.Id]));
    }

    [Fact]
    public void A_stop_releases_what_has_no_outcome_and_then_lets_go_of_the_rest()
    {
        var buffered = Add();
        var running = Running();
        var completing = Completing();

        Assert.Equal(new[] { buffered, running }.ToHashSet(), _held.ReleaseUnfinished().ToHashSet());
        Assert.Equal(AttemptState.Released, running.State);
        Assert.False(running.Token.IsCancellationRequested);
        Assert.False(_held.Complete(running)); // an attempt stuck past the stop ends after its release: nothing to move
        Assert.Equal(1, _held.AbandonAll());
        Assert.Equal(AttemptState.Lost, completing.State);
        Assert.Equal(0, _held.Count);
    }

    [Fact]
    public void Finished_jobs_concern_the_worker_only_when_it_holds_them_without_an_outcome()
    {
        var running = Running();
        var completing = Completing();
        var many = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToList();

        Assert.True(_held.HoldsUnfinished([running.Job.Id]));
        Assert.True(_held.HoldsUnfinished([.. many, running.Job.Id]));
        Assert.False(_held.HoldsUnfinished([completing.Job.Id]));
        Assert.False(_held.HoldsUnfinished([.. many, completing.Job.Id]));
    }
}
