using System.Text.Json;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Enqueue: single, bulk, options, validation and transactional enqueue.</summary>
public abstract class EnqueueConformance : ConformanceBase
{
    [Fact]
    public async Task Enqueue_stores_a_pending_job_with_json_args_and_a_uuid7_id()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(7, "hi"), new EnqueueOptions { Queue = "q1", Priority = 5, MaxRetries = 2 });
        Assert.Equal(7, r.Id.Version);
        var job = await GetAsync(r.Id);
        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal("test.echo", job.Task);
        Assert.Equal("q1", job.Queue);
        Assert.Equal(5, job.Priority);
        Assert.Equal(3, job.MaxAttempts);
        Assert.Equal(0, job.Attempt);
        using var args = JsonDocument.Parse(job.Args);
        Assert.Equal(7, args.RootElement.GetProperty("i").GetInt32());
        Assert.Equal("hi", args.RootElement.GetProperty("text").GetString());
        Assert.DoesNotContain("EchoArgs", job.Args);
        Assert.Equal(JobState.Pending, await r.GetStateAsync());
    }

    [Fact]
    public async Task Countdown_and_eta_store_a_scheduled_job_reported_as_pending()
    {
        var cd = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });
        var eta = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Eta = DateTimeOffset.UtcNow.AddDays(1) });
        var cdJob = await GetAsync(cd.Id);
        Assert.Equal(JobState.Scheduled, cdJob.State);
        Assert.Equal(JobState.Pending, cdJob.CeleryState);
        Assert.InRange(cdJob.RunAt - cdJob.CreatedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(JobState.Scheduled, (await GetAsync(eta.Id)).State);
        Assert.Empty(await Store.ClaimAsync(Claim("w"), default));
    }

    [Fact]
    public async Task Unknown_ids_read_as_pending()
    {
        Assert.Equal(JobState.Pending, await Client.GetResult(Guid.CreateVersion7()).GetStateAsync());
        Assert.Null(await Client.GetResult(Guid.CreateVersion7()).GetInfoAsync());
    }

    [Fact]
    public async Task Bad_input_to_the_client_is_rejected_with_a_clear_message()
    {
        var unknown = await Assert.ThrowsAsync<UnknownTaskException>(() => Client.EnqueueAsync("no.such.task"));
        Assert.Contains("no.such.task", unknown.Message);
        Assert.Contains("test.echo", unknown.Message);

        var cyclic = new Dictionary<string, object>();
        cyclic["self"] = cyclic;
        var ser = await Assert.ThrowsAsync<ArgumentException>(() => Client.EnqueueAsync("test.echo", cyclic));
        Assert.Contains("cannot be serialized to JSON", ser.Message);

        var neg = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Countdown = TimeSpan.FromSeconds(-1) }));
        Assert.Contains("must not be negative", neg.Message);

        var badJson = await Assert.ThrowsAsync<ArgumentException>(() => Client.EnqueueAsync("test.echo", "{not json"));
        Assert.Contains("not valid JSON", badJson.Message);
    }

    [Fact]
    public async Task Bulk_enqueue_inserts_every_job_with_its_options()
    {
        var requests = Enumerable.Range(0, 2500).Select(i => new JobRequest("test.echo", new EchoArgs(i),
            new EnqueueOptions { Queue = i % 2 == 0 ? "even" : "odd", Countdown = i % 5 == 0 ? TimeSpan.FromHours(1) : null })).ToList();
        var results = await Client.EnqueueManyAsync(requests);
        Assert.Equal(2500, results.Select(r => r.Id).Distinct().Count());
        var jobs = await Store.GetJobsAsync(results.Select(r => r.Id).ToList(), default);
        Assert.Equal(2500, jobs.Count);
        Assert.Equal(500, jobs.Count(j => j.State == JobState.Scheduled));
        Assert.Equal(1250, jobs.Count(j => j.Queue == "even"));
        var first = jobs.Single(j => j.Id == results[3].Id);
        Assert.Equal(JobState.Pending, first.State);
        Assert.Equal(3, JsonDocument.Parse(first.Args).RootElement.GetProperty("i").GetInt32());

        var small = await Client.EnqueueManyAsync([new JobRequest("test.echo", new EchoArgs(1)), new JobRequest("test.echo", new EchoArgs(2))]);
        Assert.Equal(2, (await Client.GetJobsAsync(small.Select(s => s.Id).ToList())).Count);
    }

    [Fact]
    public async Task Transactional_enqueue_exists_only_if_the_caller_commits()
    {
        await using var conn = await Harness.OpenConnectionAsync();
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var rolledBack = await Client.EnqueueAsync(tx, "test.echo", new EchoArgs(1));
            var rolledBackMany = await Client.EnqueueManyAsync(tx, Enumerable.Range(0, 100).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
            await tx.RollbackAsync();
            Assert.Null(await rolledBack.GetInfoAsync());
            Assert.Empty(await Client.GetJobsAsync(rolledBackMany.Select(r => r.Id).ToList()));
        }
        await using (var tx = await conn.BeginTransactionAsync())
        {
            var committed = await Client.EnqueueAsync(tx, "test.echo", new EchoArgs(2));
            var committedMany = await Client.EnqueueManyAsync(tx, Enumerable.Range(0, 100).Select(i => new JobRequest("test.echo", new EchoArgs(i))));
            Assert.Null(await committed.GetInfoAsync()); // not visible outside the transaction yet
            await tx.CommitAsync();
            Assert.Equal(JobState.Pending, (await committed.GetInfoAsync())!.State);
            Assert.Equal(100, (await Client.GetJobsAsync(committedMany.Select(r => r.Id).ToList())).Count);
        }
        var onConnection = await Client.EnqueueAsync(conn, "test.echo", new EchoArgs(3));
        Assert.NotNull(await onConnection.GetInfoAsync());
    }

    [Fact]
    public async Task Enqueue_into_a_finished_transaction_is_refused_instead_of_autocommitting()
    {
        await using var conn = await Harness.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await tx.CommitAsync();
        var many = Enumerable.Range(0, 40).Select(i => new JobRequest("test.echo", new EchoArgs(i), new EnqueueOptions { Id = JobIds.Next() })).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.EnqueueManyAsync(tx, many));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.EnqueueAsync(tx, "test.echo", new EchoArgs(1)));
        Assert.Empty(await Client.GetJobsAsync(many.Select(m => m.Options!.Id!.Value).ToList()));
    }

    [Fact]
    public async Task Enqueueing_the_same_ids_again_is_idempotent()
    {
        var id = JobIds.Next();
        var first = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Id = id });
        var again = await Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Id = id });
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, JsonDocument.Parse((await first.GetInfoAsync())!.Args).RootElement.GetProperty("i").GetInt32());

        // A retried bulk enqueue (large enough for COPY) that partly landed before.
        var batch = Enumerable.Range(0, 100).Select(i => new JobRequest("test.echo", new EchoArgs(i), new EnqueueOptions { Id = JobIds.Next() })).ToList();
        await Client.EnqueueManyAsync(batch.Take(30));
        var results = await Client.EnqueueManyAsync(batch);
        Assert.Equal(100, (await Client.GetJobsAsync(results.Select(r => r.Id).ToList())).Count);
        Assert.Equal(101, (await Store.ListJobsAsync(new Jobs.Storage.JobFilter(Limit: 1000), default)).Count);
    }
}
