using System.Data.Common;
using Xunit;

namespace Jobs.Conformance;

/// <summary>
/// Queue, task and schedule names follow <see cref="JobNames"/> on every store: a name built to break SQL, or with
/// spaces, control characters or too many characters, is refused by the client and by <see cref="JobAdmin"/> with
/// a clear error before any statement runs; the job table is still there and holds nothing new.
/// </summary>
public abstract class NameRulesConformance : ConformanceBase
{
    /// <summary>The job table as a statement names it on this store (schema-qualified where the store has schemas).</summary>
    protected abstract string JobTable { get; }

    public static TheoryData<string> BadNames => new()
    {
        "x\"; drop table job; --",
        "x'; drop table job; --",
        "x y",
        "x\ty",
        "x\ny",
        "x\0y",
        "x;y",
        new string('n', 201),
    };

    private async Task<long> CountJobsAsync()
    {
        await using DbConnection conn = await Harness.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"select count(*) from {JobTable}";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private static async Task RefusedAsync(string kind, Func<Task> act)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(act);
        Assert.StartsWith($"{kind} name '", ex.Message);
        Assert.Contains("is invalid: ", ex.Message);
    }

    [Theory]
    [MemberData(nameof(BadNames))]
    public async Task A_bad_name_is_refused_on_every_path_and_nothing_is_written(string bad)
    {
        var kept = await Client.EnqueueAsync("test.echo", new EchoArgs(1));
        Assert.Equal(1L, await CountJobsAsync());

        await RefusedAsync("Task", () => Client.EnqueueAsync(bad, new EchoArgs(2)));
        await RefusedAsync("Queue", () => Client.EnqueueAsync("test.echo", new EchoArgs(2), new EnqueueOptions { Queue = bad }));
        await RefusedAsync("Queue", () => Client.EnqueueManyAsync(
            [new JobRequest("test.echo", new EchoArgs(3)), new JobRequest("test.echo", new EchoArgs(4), new EnqueueOptions { Queue = bad })]));
        await RefusedAsync("Task", () => Client.EnqueueManyAsync([new JobRequest("test.echo", new EchoArgs(5)), new JobRequest(bad, null)]));
        await RefusedAsync("Queue", () => Client.ApplyAsync(Workflow.Chain(
            Workflow.Sig("test.echo", new EchoArgs(6)), Workflow.Sig("test.echo", new EchoArgs(7), new EnqueueOptions { Queue = bad }))));
        await using (var conn = await Harness.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await RefusedAsync("Queue", () => Client.EnqueueAsync(tx, "test.echo", new EchoArgs(8), new EnqueueOptions { Queue = bad }));
            await tx.CommitAsync();
        }

        await RefusedAsync("Queue", () => Admin.PauseQueueAsync(bad));
        await RefusedAsync("Queue", () => Admin.ResumeQueueAsync(bad));
        await RefusedAsync("Queue", () => Admin.PurgeAsync(bad));
        await RefusedAsync("Queue", () => Admin.SetRateLimitAsync(LimitScope.Queue, bad, "10/s"));
        await RefusedAsync("Task", () => Admin.SetConcurrencyLimitAsync(LimitScope.Task, bad, 2));
        await RefusedAsync("Schedule", () => Admin.AddScheduleAsync(bad, "test.echo", new EchoArgs(9), s => s.Every = TimeSpan.FromMinutes(1)));
        await RefusedAsync("Task", () => Admin.AddScheduleAsync("nightly", bad, new EchoArgs(9), s => s.Every = TimeSpan.FromMinutes(1)));
        await RefusedAsync("Queue", () => Admin.AddScheduleAsync("nightly", "test.echo", new EchoArgs(9), s => { s.Every = TimeSpan.FromMinutes(1); s.Queue = bad; }));
        await RefusedAsync("Schedule", () => Admin.TriggerScheduleAsync(bad));

        // The table is still there, holds only the job enqueued before, and nothing else was stored.
        Assert.Equal(1L, await CountJobsAsync());
        Assert.Equal(JobState.Pending, (await GetAsync(kept.Id)).State);
        Assert.Empty(await Admin.ListSchedulesAsync());
        Assert.Empty(await Admin.ListLimitsAsync());
        Assert.DoesNotContain(await Admin.ListQueuesAsync(), q => q.Name == bad);
    }

    [Fact]
    public async Task Names_in_use_stay_valid_and_round_trip()
    {
        var r = await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "high-priority" });
        Assert.True(await Admin.PauseQueueAsync("tenant:42"));
        Assert.True(await Admin.ResumeQueueAsync("tenant:42"));
        await Admin.AddScheduleAsync("nightly-report", "test.echo", new EchoArgs(2), s => { s.Every = TimeSpan.FromMinutes(5); s.Queue = "reports.daily"; });
        Assert.Equal("high-priority", (await GetAsync(r.Id)).Queue);
        Assert.Equal("reports.daily", Assert.Single(await Admin.ListSchedulesAsync()).Queue);
        Assert.Equal(1L, await CountJobsAsync());
    }
}
