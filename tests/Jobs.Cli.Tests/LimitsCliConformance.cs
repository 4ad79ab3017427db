using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// Rate and concurrency limits set with the console and obeyed by several worker processes at once: a 5/s rate
/// limit never lets more than 50 + the bucket start in any 10 s window, and a concurrency limit of 2 on a queue
/// never lets a third job of it run, sampled while three workers drain it.
/// </summary>
public abstract class LimitsCliConformance : MigratedCliTest
{
    [Fact]
    public async Task A_5_per_second_rate_limit_holds_across_two_worker_processes()
    {
        Assert.Contains("rate limit 5/s (burst 5)", Ok(await Cli.RunAsync("ratelimit", "set", "jobs.echo", "5/s")).Output);
        Assert.Equal("100", Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "100")).Output);
        await using var a = await WorkerProcess.StartAsync(Cli, "--concurrency", "4");
        await using var b = await WorkerProcess.StartAsync(Cli, "--concurrency", "4");

        await Eventually.UntilAsync(async () => await Db.CountAsync("state = 'SUCCESS'") == 100, TimeSpan.FromSeconds(90), "100 jobs to succeed");
        var starts = (await Db.QueryAsync("select started_at from {job}")).Select(r => Time(r[0])).Order().ToList();
        Assert.Equal(100, starts.Count);
        // Any 10 s window: at most 50 tokens refilled plus the 5 the bucket held.
        for (var i = 0; i < starts.Count; i++)
        {
            var inWindow = starts.Skip(i).TakeWhile(t => t - starts[i] < TimeSpan.FromSeconds(10)).Count();
            Assert.True(inWindow <= 55, $"{inWindow} jobs started within 10 s of start {i}");
        }
        // And the limit is what paces them: 95 starts beyond the bucket take at least 19 s at 5/s.
        Assert.True(starts[^1] - starts[0] >= TimeSpan.FromSeconds(18.5), $"100 jobs started within {starts[^1] - starts[0]}");

        var listed = JsonDocument.Parse(Ok(await Cli.RunAsync("ratelimit", "list", "--json")).Stdout).RootElement;
        Assert.Equal("5/s", Assert.Single(listed.EnumerateArray()).GetProperty("rate").GetString());
        Ok(await Cli.RunAsync("ratelimit", "clear", "jobs.echo"));
        Assert.Equal(2, (await Cli.RunAsync("ratelimit", "clear", "jobs.echo")).ExitCode); // nothing left to clear
    }

    [Fact]
    public async Task A_concurrency_limit_of_2_on_a_queue_holds_across_three_workers()
    {
        Assert.Contains("at most 2 running", Ok(await Cli.RunAsync("concurrency", "set", "--queue", "narrow", "2")).Output);
        // One slot each: reaching 2 at once takes two workers, so the limit is tested across processes, not within one.
        await using var w1 = await WorkerProcess.StartAsync(Cli, "-Q", "narrow", "--concurrency", "1");
        await using var w2 = await WorkerProcess.StartAsync(Cli, "-Q", "narrow", "--concurrency", "1");
        await using var w3 = await WorkerProcess.StartAsync(Cli, "-Q", "narrow", "--concurrency", "1");
        Assert.Equal("12", Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 0.4}""", "-Q", "narrow", "--count", "12")).Output);

        var peak = 0L;
        var samples = 0;
        await Eventually.UntilAsync(async () =>
        {
            peak = Math.Max(peak, await Db.CountAsync("queue = 'narrow' and state = 'STARTED'"));
            samples++;
            return await Db.CountAsync("state = 'SUCCESS'") == 12;
        }, TimeSpan.FromSeconds(60), "12 jobs to succeed");
        Assert.True(samples >= 10, $"only {samples} samples");
        Assert.Equal(2, peak);
        var workers = (await Db.QueryAsync("select distinct worker from {job}")).Count;
        Assert.True(workers >= 2, $"only {workers} worker ran jobs");
    }

    [Fact]
    public async Task Bad_limits_are_usage_errors()
    {
        Assert.Equal(2, (await Cli.RunAsync("ratelimit", "set", "jobs.echo", "5/q")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("ratelimit", "set", "jobs.echo")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("ratelimit", "set", "--queue", "q", "jobs.echo", "5/s")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("concurrency", "set", "jobs.echo", "0")).ExitCode);
        Assert.Equal(2, (await Cli.RunAsync("concurrency", "clear", "jobs.echo")).ExitCode);
        Assert.Contains("no limits", Ok(await Cli.RunAsync("concurrency", "list")).Output);
    }

    private static DateTimeOffset Time(object? value) => value switch
    {
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateTimeOffset o => o,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
        _ => throw new InvalidOperationException($"unexpected started_at {value}"),
    };

}

public sealed class SqliteLimitsCliTests : LimitsCliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}

public sealed class PostgresLimitsCliTests : LimitsCliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
