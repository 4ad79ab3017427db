using System.Text.Json;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class PayloadLimitsTests
{
    [Fact]
    public void Both_limits_default_to_1_MiB_and_must_be_positive()
    {
        var o = new JobsOptions();
        Assert.Equal(1024 * 1024, o.MaxPayloadBytes);
        Assert.Equal(1024 * 1024, o.MaxResultBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.MaxPayloadBytes = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => o.MaxResultBytes = -1);
        o.MaxPayloadBytes = 10;
        Assert.Equal(10, o.MaxPayloadBytes);
    }

    [Fact]
    public void Sizes_are_UTF8_bytes_not_characters()
    {
        Assert.Null(PayloadLimits.SizeOver("\"abcd\"", 6));
        Assert.Equal(7, PayloadLimits.SizeOver("\"abcde\"", 6));
        Assert.Equal(8, PayloadLimits.SizeOver("\"\u00e9\u00e9\u00e9\"", 7)); // 5 chars, 8 bytes
        Assert.Null(PayloadLimits.SizeOver("\"\u00e9\u00e9\u00e9\"", 8));
        Assert.Null(PayloadLimits.SizeOver(null, 1));
    }

    private static async Task<(IJobClient Client, ServiceProvider Services)> ClientAsync(int maxPayload)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UseStore(_ => new FakeStore()); o.AddRemoteTask("remote.t"); o.MaxPayloadBytes = maxPayload; });
        var sp = services.BuildServiceProvider();
        return await Task.FromResult((sp.GetRequiredService<IJobClient>(), sp));
    }

    [Fact]
    public async Task An_oversize_enqueue_is_refused_with_the_task_the_size_and_the_limit()
    {
        var (client, sp) = await ClientAsync(100);
        await using var _ = sp;
        var big = new string('x', 200);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueAsync("remote.t", new { big }));
        Assert.StartsWith("Arguments of task 'remote.t' are 210 bytes (UTF-8 JSON), over the limit of 100 bytes", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.EnqueueManyAsync([new JobRequest("remote.t", new { a = 1 }), new JobRequest("remote.t", new { big })]));
        Assert.Contains("over the limit of 100 bytes", ex.Message);
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.ApplyAsync(Workflow.Chain(Workflow.Sig("remote.t", new { big }))));
        Assert.Contains("over the limit of 100 bytes", ex.Message);
        // A small payload fed big workflow input is checked after the input is fed in.
        ex = await Assert.ThrowsAsync<ArgumentException>(() => client.ApplyAsync(Workflow.Chain(Workflow.Sig("remote.t")), new { big }));
        Assert.Contains("over the limit of 100 bytes", ex.Message);
        // Just at the limit passes the check (the fake store then refuses every insert).
        await Assert.ThrowsAsync<NotSupportedException>(() => client.EnqueueAsync("remote.t", "\"" + new string('y', 98) + "\""));
    }

    [Fact]
    public async Task A_schedule_with_oversize_arguments_is_refused_when_added_and_skipped_when_fired()
    {
        var o = new JobsOptions { MaxPayloadBytes = 50 };
        var declared = new Jobs.Beat.DeclaredSchedule("big", "remote.t", new { big = new string('x', 60) }, new ScheduleOptions { Every = TimeSpan.FromMinutes(1) });
        Assert.Contains("over the limit of 50 bytes", Assert.Throws<ArgumentException>(() => declared.ToDefinition(o, new JobSerializer(o.Json))).Message);

        // A row written by SQL: the beat does not fire it and says why.
        var row = new ScheduleDefinition("big", "remote.t", JsonSerializer.Serialize(new { big = new string('x', 60) }), "default", 0, null, 60_000, "UTC", ScheduleDefinition.RunOnce);
        Assert.Contains("Schedule 'big' did not fire: Arguments of task 'remote.t' are", Jobs.Beat.ScheduleRefusal.Why(row, 50));
        Assert.Null(Jobs.Beat.ScheduleRefusal.Why(row, 1000));
        Assert.Contains("Queue name 'a b' is invalid", Jobs.Beat.ScheduleRefusal.Why(row with { Queue = "a b" }, 1000));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task An_oversize_result_ends_the_attempt_FAILURE_ResultTooLarge_without_retry()
    {
        var o = new JobsOptions { MaxResultBytes = 64 };
        o.AddTask<JsonElement, string>("big.result", (_, _) => Task.FromResult(new string('r', 100)));
        o.AddTask<JsonElement, string>("small.result", (_, _) => Task.FromResult("ok"));
        await using var sp = new ServiceCollection().BuildServiceProvider();
        var runner = new JobRunner(o, sp.GetRequiredService<IServiceScopeFactory>(), "w1", retryJitter: false);

        var outcome = await runner.RunAsync(FakeStore.Job("big.result", maxAttempts: 3), CancellationToken.None);
        Assert.NotNull(outcome);
        Assert.Equal(OutcomeKind.Failure, outcome.Kind);
        Assert.Equal("ResultTooLarge: result of 102 bytes exceeds the limit of 64 bytes", outcome.Error);
        Assert.Null(outcome.ResultJson);

        var ok = await runner.RunAsync(FakeStore.Job("small.result"), CancellationToken.None);
        Assert.Equal(OutcomeKind.Success, ok!.Kind);
        Assert.Equal("\"ok\"", ok.ResultJson);
    }
}
