using System.Data.Common;
using System.Text.Json;
using Jobs.Storage;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Payload limits on every store: arguments over <see cref="JobsOptions.MaxPayloadBytes"/> are refused before any
/// insert (single, bulk, workflow, schedule; a stored schedule over it does not fire), and a result over
/// <see cref="JobsOptions.MaxResultBytes"/> ends its job FAILURE "ResultTooLarge", not retried, the worker running on.
/// </summary>
public abstract class PayloadLimitConformance : ConformanceBase
{
    private const int Limit = 2048;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly EchoArgs Big = new(1, new string('x', Limit));

    /// <summary>The job table as a statement names it on this store (schema-qualified where the store has schemas).</summary>
    protected abstract string JobTable { get; }

    protected override void ConfigureClient(JobsOptions options)
    {
        options.MaxPayloadBytes = Limit;
        options.AddRemoteTask("payload.big_result");
    }

    private async Task<long> CountJobsAsync()
    {
        await using DbConnection conn = await Harness.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"select count(*) from {JobTable}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task TooLargeAsync(Func<Task> act)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(act);
        Assert.Contains("Arguments of task 'test.echo' are ", ex.Message);
        Assert.Contains($"over the limit of {Limit} bytes", ex.Message);
    }

    [Fact]
    public async Task An_oversize_enqueue_is_refused_on_every_path_and_nothing_is_inserted()
    {
        await TooLargeAsync(() => Client.EnqueueAsync("test.echo", Big));
        await TooLargeAsync(() => Client.EnqueueManyAsync([new JobRequest("test.echo", new EchoArgs(1)), new JobRequest("test.echo", Big)]));
        await TooLargeAsync(() => Client.ApplyAsync(Workflow.Chain(Workflow.Sig("test.echo", new EchoArgs(1)), Workflow.Sig("test.echo", Big))));
        await TooLargeAsync(() => Client.ApplyAsync(Workflow.Group("test.echo", [new EchoArgs(1), Big])));
        await TooLargeAsync(() => Admin.AddScheduleAsync("big", "test.echo", Big, s => s.Every = TimeSpan.FromMinutes(1)));
        Assert.Equal(0L, await CountJobsAsync());
        Assert.Empty(await Admin.ListSchedulesAsync());

        // Multi-byte characters count as their UTF-8 bytes: 1,000 'é' are 2,000 bytes, over the limit with the JSON around them.
        await TooLargeAsync(() => Client.EnqueueAsync("test.echo", new EchoArgs(1, new string('\u00e9', Limit / 2))));
        var fits = await Client.EnqueueAsync("test.echo", new EchoArgs(1, new string('x', Limit - 100)));
        Assert.Equal(1L, await CountJobsAsync());
        Assert.Equal(JobState.Pending, (await GetAsync(fits.Id)).State);
    }

    [Fact]
    public async Task A_stored_schedule_over_the_limit_does_not_fire_and_the_others_do()
    {
        var args = JsonSerializer.Serialize(Big, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        // Rows as SQL (or a host with a higher limit) could write them.
        await Store.UpsertSchedulesAsync(
        [
            new ScheduleDefinition("big", "test.echo", args, "default", 0, null, 60_000, "UTC", ScheduleDefinition.RunOnce),
            new ScheduleDefinition("small", "test.echo", "{\"i\":1}", "default", 0, null, 60_000, "UTC", ScheduleDefinition.RunOnce),
        ], default);
        await BackdateSchedulesAsync(TimeSpan.FromMinutes(1.5));
        var round = await Store.FireDueSchedulesAsync(new BeatRequest(100, 1, 1000, 60_000, Limit), default);

        Assert.Equal(1, round.Fired);
        var refused = Assert.Single(round.Refused!);
        Assert.StartsWith("Schedule 'big' did not fire: Arguments of task 'test.echo' are ", refused);
        var schedules = await Store.ListSchedulesAsync(default);
        Assert.Null(Assert.Single(schedules, s => s.Definition.Name == "big").LastJobId);
        Assert.NotNull(Assert.Single(schedules, s => s.Definition.Name == "small").LastJobId);
        Assert.True(Assert.Single(schedules, s => s.Definition.Name == "big").NextRunAt > await Harness.DbNowAsync(), "the refused slot still moved on");
        Assert.Equal(1L, await CountJobsAsync());
    }

    [Fact]
    public async Task An_oversize_result_ends_its_job_FAILURE_ResultTooLarge_without_retry_and_the_worker_runs_on()
    {
        await StartWorkerAsync(null, o =>
        {
            o.MaxResultBytes = Limit;
            o.AddTask<int, string>("payload.big_result", (n, _) => Task.FromResult(new string('r', n)));
        });
        var big = await Client.EnqueueAsync("payload.big_result", Limit, new EnqueueOptions { MaxRetries = 3 });
        var job = await big.WaitAsync(Wait);
        Assert.Equal(JobState.Failure, job.State);
        Assert.Equal(1, job.Attempt);
        Assert.Equal($"ResultTooLarge: result of {Limit + 2} bytes exceeds the limit of {Limit} bytes", job.Error);
        Assert.Null(job.Result);

        var small = await Client.EnqueueAsync("payload.big_result", Limit - 2);
        Assert.Equal(JobState.Success, (await small.WaitAsync(Wait)).State);
    }
}
