using System.Text.Json;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The public administration API (<see cref="JobAdmin"/>): search, detail, actions on selections, schedules, limits.</summary>
public abstract class JobAdminConformance : ConformanceBase
{
    public sealed record Order(string Customer, int Total, Address Ship);
    public sealed record Address(string City);

    [Fact]
    public async Task Search_finds_jobs_by_an_argument_value_at_a_path_and_pages_newest_first()
    {
        var acme = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            acme.Add((await Client.EnqueueAsync("test.echo", new Order("ACME", i, new Address(i % 2 == 0 ? "Oslo" : "Rome")))).Id);
            await Client.EnqueueAsync("test.echo", new Order("Globex", i, new Address("Oslo")));
        }

        var byCustomer = await Admin.SearchJobsAsync(new JobSearch { ArgPath = "customer", ArgValue = "ACME" });
        Assert.Equal(Enumerable.Reverse(acme), byCustomer.Jobs.Select(j => j.Id));
        Assert.Null(byCustomer.Next);
        var nested = await Admin.SearchJobsAsync(new JobSearch { ArgPath = "ship.city", ArgValue = "Rome" });
        Assert.Equal([acme[3], acme[1]], nested.Jobs.Select(j => j.Id));
        var number = await Admin.SearchJobsAsync(new JobSearch { ArgPath = "total", ArgValue = 4, Queue = "default", Task = "test.echo" });
        Assert.Equal(2, number.Jobs.Count);
        Assert.Empty((await Admin.SearchJobsAsync(new JobSearch { ArgPath = "customer", ArgValue = "Initech" })).Jobs);

        // Keyset pages of 3 over the 5 ACME jobs: 3, then 2, then nothing more.
        var first = await Admin.SearchJobsAsync(new JobSearch { ArgPath = "customer", ArgValue = "ACME", Limit = 3 });
        Assert.Equal([acme[4], acme[3], acme[2]], first.Jobs.Select(j => j.Id));
        Assert.Equal(acme[2], first.Next);
        var second = await Admin.SearchJobsAsync(new JobSearch { ArgPath = "customer", ArgValue = "ACME", Limit = 3, After = first.Next });
        Assert.Equal([acme[1], acme[0]], second.Jobs.Select(j => j.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Search_filters_by_states_and_creation_time()
    {
        var before = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var stored = await GetAsync(before.Id);
        var later = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });

        Assert.Equal([later.Id], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Scheduled] })).Jobs.Select(j => j.Id));
        Assert.Equal([later.Id, before.Id],
            (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Scheduled, JobState.Pending] })).Jobs.Select(j => j.Id));
        // Ids are UUIDv7, so a creation-time range is an id range: nothing was created before the first job's millisecond.
        Assert.Empty((await Admin.SearchJobsAsync(new JobSearch { CreatedTo = JobIdTime(before.Id) })).Jobs);
        Assert.Contains(before.Id, (await Admin.SearchJobsAsync(new JobSearch { CreatedFrom = JobIdTime(before.Id) })).Jobs.Select(j => j.Id));
        Assert.True(stored.CreatedAt >= JobIdTime(before.Id).AddSeconds(-5));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Admin.SearchJobsAsync(new JobSearch { Limit = 0 }));
        await Assert.ThrowsAsync<ArgumentException>(() => Admin.SearchJobsAsync(new JobSearch { ArgPath = "a..b", ArgValue = 1 }));
    }

    [Fact]
    public async Task Search_for_failed_or_revoked_jobs_pages_newest_first_in_a_queue_and_with_other_states()
    {
        // FAILURE/REVOKED-only searches read the failed-jobs index (migration 11); mixed ones the whole id order.
        var ids = (await Client.EnqueueManyAsync(Enumerable.Range(0, 6).Select(i => new JobRequest("test.echo", new EchoArgs(i),
            new EnqueueOptions { Queue = i % 2 == 0 ? "even" : "odd" })))).Select(r => r.Id).ToList();
        var claimed = (await Store.ClaimAsync(Claim("w", limit: 10, queue: "even"), default))
            .Concat(await Store.ClaimAsync(Claim("w", limit: 10, queue: "odd"), default)).ToList();
        await Store.FinishAsync("w", claimed.Where(c => c.Id != ids[5]).Select(c => new JobOutcome
        {
            Id = c.Id, Attempt = 1, Kind = c.Id == ids[4] ? OutcomeKind.Success : OutcomeKind.Failure, Error = "x",
        }).ToList(), default);
        await Store.RevokeAsync([ids[5]], "revoked", false, default); // running: now REVOKED
        // ids 0-3 FAILURE, 4 SUCCESS, 5 REVOKED
        Assert.Equal([ids[3], ids[2], ids[1], ids[0]], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure] })).Jobs.Select(j => j.Id));
        Assert.Equal([ids[5], ids[3], ids[2], ids[1], ids[0]],
            (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure, JobState.Revoked] })).Jobs.Select(j => j.Id));
        Assert.Equal([ids[5], ids[4], ids[3], ids[2], ids[1], ids[0]],
            (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure, JobState.Revoked, JobState.Success] })).Jobs.Select(j => j.Id));
        Assert.Equal([ids[2], ids[0]], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure], Queue = "even" })).Jobs.Select(j => j.Id));
        var first = await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure], Limit = 3 });
        Assert.Equal([ids[3], ids[2], ids[1]], first.Jobs.Select(j => j.Id));
        Assert.Equal([ids[0]], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure], Limit = 3, After = first.Next })).Jobs.Select(j => j.Id));
        Assert.Equal([ids[1]], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure], ArgPath = "i", ArgValue = 1 })).Jobs.Select(j => j.Id));
        await Store.RetryAsync([ids[0]], default); // FAILURE -> PENDING: no longer found as failed
        Assert.Equal([ids[3], ids[2], ids[1]], (await Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure] })).Jobs.Select(j => j.Id));
    }

    public sealed record Tagged(string Tag, object? Value);

    [Fact]
    public async Task Search_compares_whole_values_whatever_their_characters_and_type()
    {
        // Plain values (letters, digits, ' _.:@+-') are pre-filtered as text on SQLite; others are compared as JSON only.
        var values = new object?[] { "ACME", "ACME Corp", "ACME-2", "Zürich", "a<b>&'c\"d", "", 42, 4.5, -7, true, false, null, "42" };
        var ids = new List<Guid>();
        foreach (var v in values) ids.Add((await Client.EnqueueAsync("test.echo", new Tagged("t", v))).Id);
        for (var i = 0; i < values.Length; i++)
        {
            var found = (await Admin.SearchJobsAsync(new JobSearch { ArgPath = "value", ArgValue = values[i] })).Jobs.Select(j => j.Id);
            Assert.True(found.SequenceEqual([ids[i]]), $"searching value {JsonSerializer.Serialize(values[i])} found {found.Count()} jobs");
        }
        Assert.Empty((await Admin.SearchJobsAsync(new JobSearch { ArgPath = "value", ArgValue = "ACM" })).Jobs);
        Assert.Empty((await Admin.SearchJobsAsync(new JobSearch { ArgPath = "tag", ArgValue = "ACME" })).Jobs);
        Assert.Equal(values.Length, (await Admin.SearchJobsAsync(new JobSearch { ArgPath = "tag", ArgValue = "t" })).Jobs.Count);
    }

    [Fact]
    public async Task A_job_detail_has_every_attempt_and_its_workflow_relatives()
    {
        await StartWorkerAsync();
        var chain = await Client.ApplyAsync(new Chain(new Signature("test.echo", new EchoArgs(1)), new Signature("test.echo")));
        Assert.Equal(2, chain.JobIds.Count);
        await WaitUntilAsync(async () => (await Store.GetJobsAsync(chain.JobIds, default)).All(j => j.IsReady), TimeSpan.FromSeconds(30), "the chain ends");

        var first = await Admin.GetJobAsync(chain.JobIds[0]);
        Assert.NotNull(first);
        Assert.Equal(JobState.Success, first.Job.State);
        Assert.Equal(JobState.Success, Assert.Single(first.Attempts).State);
        Assert.Equal([chain.JobIds[1]], first.Children.Select(j => j.Id));
        Assert.Null(first.Parent);
        var second = await Admin.GetJobAsync(chain.JobIds[1]);
        Assert.Equal(chain.JobIds[0], second!.Parent!.Id);
        Assert.Equal(chain.JobIds[0], second.Root!.Id);
        Assert.Equal(chain.JobIds[0], second.Job.RootId);

        var plain = await Client.EnqueueAsync("test.echo", new EchoArgs(3));
        var alone = await Admin.GetJobAsync(plain.Id);
        Assert.Empty(alone!.Relatives);
        Assert.Null(await Admin.GetJobAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Retry_revoke_and_delete_apply_to_ids_or_to_everything_a_search_finds_and_say_how_many()
    {
        var jobs = new List<AsyncResult>();
        for (var i = 0; i < 7; i++) jobs.Add(await Client.EnqueueAsync("test.echo", new EchoArgs(i), new EnqueueOptions { Queue = i < 5 ? "bulk" : "keep" }));

        Assert.Equal(5, await Admin.RevokeJobsAsync(JobSelection.Matching(new JobSearch { Queue = "bulk" })));
        Assert.Equal(0, await Admin.RevokeJobsAsync(JobSelection.Matching(new JobSearch { Queue = "bulk" }))); // finished: nothing left to revoke
        Assert.All(await Store.GetJobsAsync(jobs.Take(5).Select(j => j.Id).ToList(), default), j => Assert.Equal(JobState.Revoked, j.State));
        Assert.Equal(JobState.Pending, (await GetAsync(jobs[5].Id)).State);

        Assert.Equal(2, await Admin.RetryJobsAsync(JobSelection.Of(jobs[0].Id, jobs[1].Id, jobs[6].Id))); // the pending one is left alone
        Assert.Equal(JobState.Pending, (await GetAsync(jobs[0].Id)).State);

        Assert.Equal(3, await Admin.DeleteJobsAsync(JobSelection.Matching(new JobSearch { Queue = "bulk", States = [JobState.Revoked] })));
        Assert.Equal(2, (await Admin.SearchJobsAsync(new JobSearch { Queue = "bulk" })).Jobs.Count);
        var claimed = Assert.Single(await Store.ClaimAsync(Claim("w", queue: "keep", limit: 1), default));
        Assert.Equal(0, await Admin.DeleteJobsAsync(JobSelection.Of(claimed.Id))); // a running job must be revoked first
        Assert.Equal(1, await Admin.DeleteJobsAsync(JobSelection.Of(jobs[6].Id == claimed.Id ? jobs[5].Id : jobs[6].Id)));
    }

    [Fact]
    public async Task Schedules_are_added_listed_disabled_triggered_and_removed()
    {
        var added = await Admin.AddScheduleAsync("nightly", "test.echo", new EchoArgs(7), s => { s.Cron = "0 3 * * *"; s.Queue = "reports"; });
        Assert.Equal("nightly", added.Name);
        Assert.Equal("0 3 * * *", added.Cron);
        Assert.Equal("reports", added.Queue);
        Assert.True(added.Enabled);
        Assert.NotNull(added.NextRunAt);
        Assert.Equal(7, JsonDocument.Parse(added.Args).RootElement.GetProperty("i").GetInt32());

        Assert.True(await Admin.DisableScheduleAsync("nightly"));
        Assert.False(Assert.Single(await Admin.ListSchedulesAsync()).Enabled);
        var fired = await Admin.TriggerScheduleAsync("nightly");
        var job = await GetAsync(fired);
        Assert.Equal(("test.echo", "reports", JobState.Pending), (job.Task, job.Queue, job.State));
        Assert.Equal(added.NextRunAt, Assert.Single(await Admin.ListSchedulesAsync()).NextRunAt); // its timing is left alone

        Assert.True(await Admin.RemoveScheduleAsync("nightly"));
        Assert.False(await Admin.RemoveScheduleAsync("nightly"));
        await Assert.ThrowsAsync<ArgumentException>(() => Admin.TriggerScheduleAsync("nightly"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Admin.AddScheduleAsync("bad", "test.echo", null, s => s.Cron = "not cron"));
    }

    [Fact]
    public async Task Limits_are_set_listed_and_cleared()
    {
        Assert.True(await Admin.SetRateLimitAsync(LimitScope.Task, "test.echo", "10/s"));
        Assert.True(await Admin.SetConcurrencyLimitAsync(LimitScope.Queue, "default", 2));
        var limits = await Admin.ListLimitsAsync();
        Assert.Equal("10/s", Assert.Single(limits, l => l.Scope == LimitScope.Task).Rate);
        Assert.Equal(2, Assert.Single(limits, l => l.Scope == LimitScope.Queue).MaxRunning);
        Assert.True(await Admin.SetRateLimitAsync(LimitScope.Task, "test.echo", null));
        Assert.Null(Assert.Single(await Admin.ListLimitsAsync(), l => l.Scope == LimitScope.Task).Rate);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Admin.SetConcurrencyLimitAsync(LimitScope.Queue, "default", 0));
    }

    /// <summary>The millisecond a UUIDv7 was made in (its first 48 bits).</summary>
    private static DateTimeOffset JobIdTime(Guid id)
    {
        var bytes = id.ToByteArray(bigEndian: true);
        long ms = 0;
        for (var i = 0; i < 6; i++) ms = (ms << 8) | bytes[i];
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
