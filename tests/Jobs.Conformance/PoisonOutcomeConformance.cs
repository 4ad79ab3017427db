using System.Text.Json;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Outcomes a database may refuse (PostgreSQL rejects NUL in text and \u0000 in jsonb) must not block the worker:
/// the job ends terminal (stored as is where the database accepts it, else FAILURE "ResultNotStored") and every
/// other outcome is still written.
/// </summary>
public abstract class PoisonOutcomeConformance : ConformanceBase
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private const string NulResult = "a\0b";

    protected override void ConfigureClient(JobsOptions options)
    {
        options.AddRemoteTask("poison.result");
        options.AddRemoteTask("poison.error");
    }

    private static void AddPoisonTasks(JobsOptions o)
    {
        o.AddTask<JsonElement, string>("poison.result", (_, _) => Task.FromResult(NulResult));
        o.AddTask<JsonElement, int>("poison.error", (_, _) => throw new InvalidOperationException("bad\0message"));
    }

    private static void AssertStoredOrNotStored(JobInfo job)
    {
        Assert.True(job.IsReady, $"job {job.Id} is {job.State}");
        if (job.State == JobState.Success)
            Assert.Equal(NulResult, JsonSerializer.Deserialize<string>(job.Result!));
        else
        {
            Assert.Equal(JobState.Failure, job.State);
            Assert.StartsWith("ResultNotStored: ", job.Error);
            Assert.DoesNotContain('\0', job.Error!);
            Assert.Null(job.Result);
        }
    }

    [Fact]
    public async Task A_result_the_database_refuses_ends_its_job_and_the_other_jobs_of_the_batch_succeed()
    {
        await StartWorkerAsync(w => w.Concurrency = 8, AddPoisonTasks);
        var requests = Enumerable.Range(0, 6).Select(i => new JobRequest("test.echo", new EchoArgs(i)))
            .Prepend(new JobRequest("poison.result", new { })).Append(new JobRequest("poison.result", new { }));
        var results = await Client.EnqueueManyAsync(requests);
        var jobs = new List<JobInfo>();
        foreach (var r in results) jobs.Add(await r.WaitAsync(Wait));

        AssertStoredOrNotStored(jobs[0]);
        AssertStoredOrNotStored(jobs[^1]);
        Assert.All(jobs.Skip(1).SkipLast(1), j => Assert.Equal(JobState.Success, j.State));

        // The completer is not stuck: a later job is still recorded.
        var after = await Client.EnqueueAsync("test.echo", new EchoArgs(99));
        Assert.Equal(JobState.Success, (await after.WaitAsync(Wait)).State);
    }

    [Fact]
    public async Task A_refused_result_alone_in_its_batch_still_ends_its_job()
    {
        await StartWorkerAsync(w => w.Concurrency = 1, AddPoisonTasks);
        var r = await Client.EnqueueAsync("poison.result", new { });
        AssertStoredOrNotStored(await r.WaitAsync(Wait));
        var after = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Equal(JobState.Success, (await after.WaitAsync(Wait)).State);
    }

    [Fact]
    public async Task NUL_characters_are_removed_from_error_messages_and_tracebacks()
    {
        await StartWorkerAsync(null, AddPoisonTasks);
        var retried = await Client.EnqueueAsync("poison.error", new { }, new EnqueueOptions { MaxRetries = 1, RetryBackoff = TimeSpan.FromMilliseconds(10) });
        var job = await retried.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Equal("InvalidOperationException: badmessage", job.Error);
        Assert.Contains("badmessage", job.Traceback);
        Assert.DoesNotContain('\0', job.Traceback!);
    }
}
