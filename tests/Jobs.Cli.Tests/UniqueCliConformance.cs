using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary><c>jobs enqueue --unique</c> and <c>--retry-for</c>, and the attempt history <c>jobs status</c> shows.</summary>
public abstract class UniqueCliConformance : MigratedCliTest
{
    [Fact]
    public async Task A_unique_enqueue_prints_the_existing_jobs_id()
    {
        var first = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"x": 1, "y": 2}""", "--unique", "--countdown", "1h")).Output;
        Assert.Equal(first, Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"y":2,"x":1}""", "--unique")).Output);
        Assert.NotEqual(first, Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"x": 1, "y": 2}""")).Output);
        var keyed = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--unique-key", "k1", "--unique-for", "1h", "--countdown", "1h")).Output;
        Assert.Equal(keyed, Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"other": true}""", "--unique-key", "k1")).Output);
        Assert.Equal(3, await Db.CountAsync("task = 'jobs.echo'"));
    }

    [Fact]
    public async Task Retry_for_fails_an_unlisted_exception_at_once_and_status_shows_the_attempt()
    {
        await using var worker = await WorkerProcess.StartAsync(Cli);
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.fail", "--args", """{"message": "nope"}""", "--max-retries", "3", "--retry-for", "TimeoutException")).Output;
        Assert.Equal(1, (await Cli.RunAsync("result", id, "--wait", "30s")).ExitCode);
        var job = JsonDocument.Parse(Ok(await Cli.RunAsync("status", id, "--json")).Stdout).RootElement;
        Assert.Equal("FAILURE", job.GetProperty("state").GetString());
        var attempt = Assert.Single(job.GetProperty("attempts").EnumerateArray());
        Assert.Equal("FAILURE", attempt.GetProperty("state").GetString());
        Assert.Contains("nope", attempt.GetProperty("error").GetString());
        Assert.Equal(0, await worker.StopAsync(TimeSpan.FromSeconds(30)));
    }

}

public sealed class SqliteUniqueCliTests : UniqueCliConformance
{
    protected override Task<CliDatabase> CreateDatabaseAsync() => Task.FromResult<CliDatabase>(new SqliteCliDatabase());
}

public sealed class PostgresUniqueCliTests : UniqueCliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();
}
