using System.Text.Json;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Every ended attempt is in the job's history: outcomes, rescued leases, revokes of running jobs, hard time limits; pruning deletes it.</summary>
public abstract class AttemptHistoryConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outcomes_are_recorded_per_attempt_in_the_same_write_and_only_for_the_owner()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Empty(await r.GetAttemptsAsync());
        var first = Assert.Single(await Store.ClaimAsync(Claim("w1"), default));
        Assert.Single(await Store.FinishAsync("w1", [new JobOutcome { Id = r.Id, Attempt = 1, Kind = OutcomeKind.Retry, Error = "E: one", Traceback = "tb", RetryDelay = TimeSpan.Zero }], default));
        Assert.Empty(await Store.FinishAsync("w1", [new JobOutcome { Id = r.Id, Attempt = first.Attempt, Kind = OutcomeKind.Success, ResultJson = "1" }], default)); // not owned any more
        Assert.Single(await Store.ClaimAsync(Claim("w2"), default));
        Assert.Single(await Store.FinishAsync("w2", [new JobOutcome { Id = r.Id, Attempt = 2, Kind = OutcomeKind.Success, ResultJson = "2" }], default));

        var attempts = await r.GetAttemptsAsync();
        Assert.Equal(2, attempts.Count);
        Assert.Equal((1, JobState.Retry, "E: one", "tb", "w1"), (attempts[0].Attempt, attempts[0].State, attempts[0].Error, attempts[0].Traceback, attempts[0].Worker));
        Assert.Equal((2, JobState.Success, (string?)null, "w2"), (attempts[1].Attempt, attempts[1].State, attempts[1].Error, attempts[1].Worker));
        var job = await GetAsync(r.Id);
        Assert.Equal(job.StartedAt, attempts[1].StartedAt);
        Assert.Equal(job.FinishedAt, attempts[1].FinishedAt);
    }

    [Fact]
    public async Task The_final_attempt_kept_on_the_job_row_survives_a_manual_retry()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { MaxRetries = 0 });
        Assert.Single(await Store.ClaimAsync(Claim("w1"), default));
        Assert.Single(await Store.FinishAsync("w1", [new JobOutcome { Id = r.Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "E: final", Traceback = "tb1", Standalone = true }], default));
        var failed = Assert.Single(await r.GetAttemptsAsync()); // read from the job row
        Assert.Equal((1, JobState.Failure, "E: final", "tb1", "w1"), (failed.Attempt, failed.State, failed.Error, failed.Traceback, failed.Worker));

        Assert.Single(await Store.RetryAsync([r.Id], default));
        Assert.Single(await r.GetAttemptsAsync()); // moved to job_attempt, not lost with the row's reset, not doubled
        Assert.Single(await Store.ClaimAsync(Claim("w2"), default));
        Assert.Single(await Store.FinishAsync("w2", [new JobOutcome { Id = r.Id, Attempt = 2, Kind = OutcomeKind.Success, ResultJson = "2", Standalone = true }], default));

        var attempts = await r.GetAttemptsAsync();
        Assert.Equal([(1, JobState.Failure, "E: final", "w1"), (2, JobState.Success, (string?)null, "w2")],
            attempts.Select(a => (a.Attempt, a.State, a.Error, a.Worker)).ToArray());
        Assert.Equal(failed.FinishedAt, attempts[0].FinishedAt);
    }

    [Fact]
    public async Task A_rescued_attempt_is_recorded_as_retry_or_as_failure_when_attempts_are_spent()
    {
        var again = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var spent = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { MaxRetries = 0 });
        var lease = TimeSpan.FromSeconds(30);
        Assert.Equal(2, (await Store.ClaimAsync(Claim("dead", lease: lease), default)).Count);
        await BackdateJobsAsync(lease + TimeSpan.FromSeconds(1), again.Id, spent.Id); // the leases run out on the database clock
        Assert.Equal(2, await Store.RescueAsync(100, default));
        await WaitUntilAsync(async () => (await GetAsync(spent.Id)).IsReady && (await GetAsync(again.Id)).State == JobState.Pending, Wait, "both were rescued");

        var a = Assert.Single(await again.GetAttemptsAsync());
        Assert.Equal((1, JobState.Retry, "dead"), (a.Attempt, a.State, a.Worker));
        Assert.StartsWith("WorkerLostError: the lease of attempt 1 expired (worker dead", a.Error);
        var s = Assert.Single(await spent.GetAttemptsAsync());
        Assert.Equal((1, JobState.Failure, "dead"), (s.Attempt, s.State, s.Worker));
        Assert.Equal((await GetAsync(spent.Id)).Error, s.Error);
    }

    [Fact]
    public async Task Revoking_a_running_job_ends_its_attempt_as_revoked_and_a_waiting_job_has_no_attempt()
    {
        var running = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Single(await Store.ClaimAsync(Claim("w", limit: 1), default));
        var waiting = await Client.EnqueueAsync("test.echo", new EchoArgs(2));
        Assert.True(await running.RevokeAsync("not needed"));
        Assert.True(await waiting.RevokeAsync("not needed"));

        var a = Assert.Single(await running.GetAttemptsAsync());
        Assert.Equal((1, JobState.Revoked, "not needed", "w"), (a.Attempt, a.State, a.Error, a.Worker));
        Assert.Empty(await waiting.GetAttemptsAsync());
    }

    [Fact]
    public async Task An_attempt_past_its_hard_time_limit_is_recorded_as_failure()
    {
        await StartWorkerAsync();
        var r = await Client.EnqueueAsync("test.limit.ignore", JsonDocument.Parse("{}").RootElement, new EnqueueOptions { TimeLimit = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(JobState.Failure, (await r.WaitAsync(Wait)).State);
        var a = Assert.Single(await r.GetAttemptsAsync());
        Assert.Equal(JobState.Failure, a.State);
        Assert.StartsWith("TimeLimitExceeded", a.Error);
        Tasks.Never.TrySetResult();
    }

    [Fact]
    public async Task Pruning_or_purging_a_job_deletes_its_history()
    {
        var done = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Single(await Store.ClaimAsync(Claim("w", limit: 1), default));
        Assert.Single(await Store.FinishAsync("w", [new JobOutcome { Id = done.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }], default));
        var retrying = await Client.EnqueueAsync("test.echo", new EchoArgs(2));
        Assert.Single(await Store.ClaimAsync(Claim("w", limit: 1), default));
        Assert.Single(await Store.FinishAsync("w", [new JobOutcome { Id = retrying.Id, Attempt = 1, Kind = OutcomeKind.Retry, Error = "E: x", RetryDelay = TimeSpan.FromHours(1) }], default));
        Assert.Single(await done.GetAttemptsAsync());
        Assert.Single(await retrying.GetAttemptsAsync());

        var ttl = TimeSpan.FromHours(1);
        await BackdateJobsAsync(ttl + TimeSpan.FromMinutes(1), done.Id, retrying.Id); // the finished job's result TTL runs out
        Assert.Equal(1, await Store.PruneAsync(ttl, 100, default));
        Assert.Empty(await done.GetAttemptsAsync());
        Assert.Equal(1, await Store.PurgeAsync(null, null, default));
        Assert.Empty(await retrying.GetAttemptsAsync());
    }
}
