using System.Text.Json;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>Unique jobs: a duplicate enqueue returns the existing job, exactly under concurrency, until the job stops counting.</summary>
public abstract class UniqueConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly EnqueueOptions Unique = new() { Unique = new UniqueOptions() };
    protected PolicyTasks Policy { get; } = new();

    protected override void ConfigureClient(JobsOptions options) => Policy.Register(options);

    private async Task<IReadOnlyList<JobInfo>> JobsOfAsync(string task) => await Store.ListJobsAsync(new JobFilter(Task: task, Limit: 1000), default);

    [Fact]
    public async Task Enqueueing_the_same_unique_job_100_times_from_8_threads_creates_exactly_one_job()
    {
        // Eight clients, each with its own store and connections, so the enqueues really race in the database.
        var providers = Enumerable.Range(0, 8).Select(_ =>
        {
            var services = new ServiceCollection().AddLogging();
            services.AddJobs(o => { Harness.Configure(o); Tasks.Register(o); });
            return services.BuildServiceProvider();
        }).ToList();
        try
        {
            var clients = providers.Select(p => p.GetRequiredService<IJobClient>()).ToList();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                await start.Task;
                var ids = new List<Guid>();
                for (var i = t; i < 100; i += 8)
                    ids.Add((await clients[t].EnqueueAsync("test.echo", new EchoArgs(7, "same"), Unique)).Id);
                return ids;
            })).ToList();
            start.SetResult();
            var all = (await Task.WhenAll(threads)).SelectMany(ids => ids).ToList();

            Assert.Equal(100, all.Count);
            var job = Assert.Single(await JobsOfAsync("test.echo"));
            Assert.All(all, id => Assert.Equal(job.Id, id));
        }
        finally
        {
            foreach (var p in providers) await p.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_finished_job_stops_counting_and_a_new_enqueue_creates_a_new_job()
    {
        await StartWorkerAsync(jobs: Policy.Register);
        var first = await Client.EnqueueAsync("policy.unique", new { n = 1 });
        Assert.Equal(JobState.Success, (await first.WaitAsync(Wait)).State);

        var second = await Client.EnqueueAsync("policy.unique", new { n = 1 });
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(JobState.Success, (await second.WaitAsync(Wait)).State);
        Assert.Equal(2, (await JobsOfAsync("policy.unique")).Count);
    }

    [Fact]
    public async Task A_waiting_or_running_job_counts_and_finished_states_count_when_asked()
    {
        var hold = new EnqueueOptions { Countdown = TimeSpan.FromHours(1), Unique = new UniqueOptions() };
        var waiting = await Client.EnqueueAsync("test.echo", new EchoArgs(1), hold);
        Assert.Equal(waiting.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(1), hold)).Id);

        var running = await Client.EnqueueAsync("test.echo", new EchoArgs(2), Unique);
        var claimed = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        Assert.Equal(running.Id, claimed.Id);
        Assert.Equal(running.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(2), Unique)).Id);

        // Finished: counts only when the states say so.
        var all = new EnqueueOptions { Unique = new UniqueOptions { Key = "report-2026", States = UniqueStates.All } };
        var kept = await Client.EnqueueAsync("test.echo", new EchoArgs(3), all);
        Assert.Single(await Store.FinishAsync("w", [new JobOutcome { Id = running.Id, Attempt = 1, Kind = OutcomeKind.Success, ResultJson = "1" }], default));
        var claimedKept = Assert.Single(await Store.ClaimAsync(Claim("w"), default));
        Assert.Single(await Store.FinishAsync("w", [new JobOutcome { Id = claimedKept.Id, Attempt = 1, Kind = OutcomeKind.Failure, Error = "E: x" }], default));
        Assert.Equal(kept.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(99), all)).Id); // same key, finished, still counts
        Assert.NotEqual(running.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(2), Unique)).Id); // finished, does not count
    }

    [Fact]
    public async Task Uniqueness_ends_when_its_period_lapses()
    {
        var period = TimeSpan.FromMinutes(1);
        var opts = new EnqueueOptions { Countdown = TimeSpan.FromHours(1), Unique = new UniqueOptions { Period = period } };
        var first = await Client.EnqueueAsync("test.echo", new EchoArgs(1), opts);
        Assert.Equal(first.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(1), opts)).Id);

        // The database clock nears the end of the period (the key still holds), then passes it.
        await BackdateJobsAsync(period - TimeSpan.FromSeconds(5), first.Id);
        Assert.Equal(first.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(1), opts)).Id);
        await BackdateJobsAsync(TimeSpan.FromSeconds(10), first.Id);
        var next = await Client.EnqueueAsync("test.echo", new EchoArgs(1), opts);
        Assert.NotEqual(first.Id, next.Id);
        var a = await GetAsync(first.Id);
        var b = await GetAsync(next.Id);
        Assert.True(b.CreatedAt - a.CreatedAt >= period, $"a new job after {b.CreatedAt - a.CreatedAt}");
        Assert.Equal(JobState.Scheduled, a.State); // the lapsed job itself is untouched
        Assert.Equal(2, (await JobsOfAsync("test.echo")).Count);
        Assert.Equal(next.Id, (await Client.EnqueueAsync("test.echo", new EchoArgs(1), opts)).Id); // the new job holds the key now
    }

    [Fact]
    public async Task The_default_key_is_the_task_and_the_canonical_arguments_and_a_caller_key_spans_tasks()
    {
        var a = await Client.EnqueueAsync("test.echo", """{"i": 1, "text": "x", "nested": {"b": 2, "a": [1, {"d": 4, "c": 3}]}}""", Unique);
        var same = await Client.EnqueueAsync("test.echo", """{"nested":{"a":[1,{"c":3,"d":4}],"b":2},"text":"x","i":1}""", Unique);
        var otherArgs = await Client.EnqueueAsync("test.echo", """{"i": 2, "text": "x"}""", Unique);
        var otherTask = await Client.EnqueueAsync("test.fail", """{"i": 1, "text": "x", "nested": {"b": 2, "a": [1, {"d": 4, "c": 3}]}}""", Unique);
        Assert.Equal(a.Id, same.Id);
        Assert.Equal(3, new[] { a.Id, otherArgs.Id, otherTask.Id }.Distinct().Count());

        var keyed = new EnqueueOptions { Unique = new UniqueOptions { Key = "customer-42" } };
        var k1 = await Client.EnqueueAsync("test.echo", new EchoArgs(1), keyed);
        Assert.Equal(k1.Id, (await Client.EnqueueAsync("test.fail", new EchoArgs(2), keyed)).Id);
    }

    [Fact]
    public async Task A_task_can_be_unique_by_default_and_a_plain_job_is_never_deduplicated()
    {
        var a = await Client.EnqueueAsync("policy.unique", new { n = 1 });
        Assert.Equal(a.Id, (await Client.EnqueueAsync("policy.unique", new { n = 1 })).Id);
        var p1 = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        var p2 = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.NotEqual(p1.Id, p2.Id);
    }

    [Fact]
    public async Task A_large_batch_with_unique_jobs_inserts_the_plain_ones_and_deduplicates_the_unique_ones()
    {
        var existing = await Client.EnqueueAsync("test.echo", new EchoArgs(-1), Unique);
        var requests = Enumerable.Range(0, 40).Select(i => new JobRequest("test.echo", new EchoArgs(i)))
            .Concat(Enumerable.Range(0, 5).Select(_ => new JobRequest("test.echo", new EchoArgs(1000), Unique)))
            .Append(new JobRequest("test.echo", new EchoArgs(-1), Unique))
            .ToList();
        var results = await Client.EnqueueManyAsync(requests);

        Assert.Equal(46, results.Count);
        Assert.Equal(40, results.Take(40).Select(r => r.Id).Distinct().Count());
        Assert.Single(results.Skip(40).Take(5).Select(r => r.Id).Distinct());
        Assert.Equal(existing.Id, results[45].Id);
        Assert.Equal(42, (await JobsOfAsync("test.echo")).Count);
        Assert.Equal(1000, JsonDocument.Parse((await GetAsync(results[40].Id)).Args).RootElement.GetProperty("i").GetInt32());
    }

    [Fact]
    public async Task A_unique_job_enqueued_in_a_rolled_back_transaction_does_not_block()
    {
        await using var conn = await Harness.OpenConnectionAsync();
        Guid rolledBack;
        await using (var tx = await conn.BeginTransactionAsync())
        {
            rolledBack = (await Client.EnqueueAsync(tx, "test.echo", new EchoArgs(5), Unique)).Id;
            Assert.Equal(rolledBack, (await Client.EnqueueAsync(tx, "test.echo", new EchoArgs(5), Unique)).Id);
            await tx.RollbackAsync();
        }
        var after = await Client.EnqueueAsync("test.echo", new EchoArgs(5), Unique);
        Assert.NotEqual(rolledBack, after.Id);
        Assert.Single(await JobsOfAsync("test.echo"));
    }
}
