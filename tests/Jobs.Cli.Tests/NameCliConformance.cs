using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// The console refuses queue, task, schedule and schema names that break <see cref="JobNames"/> with a one-line
/// error and exit code 2, and writes nothing: the job table is still there and empty.
/// </summary>
public abstract class NameCliConformance : MigratedCliTest
{
    private const string Injection = "x\"; drop table job; --";

    private static void Refused(CliResult result, string text)
    {
        Assert.True(result.ExitCode == 2, $"expected exit 2: {result}");
        Assert.Contains(text, result.Stderr);
        Assert.True(result.Output.Length == 0, $"expected no stdout: {result}");
    }

    [Fact]
    public async Task Bad_names_are_refused_and_nothing_is_written()
    {
        Refused(await Cli.RunAsync("enqueue", Injection), "Task name 'x\"; drop table job; --' is invalid: a quote is not allowed");
        Refused(await Cli.RunAsync("enqueue", "jobs.echo", "-Q", "x y"), "Queue name 'x y' is invalid: a space is not allowed");
        Refused(await Cli.RunAsync("enqueue", "jobs.echo", "--queue", "a\tb", "--count", "3"), "Queue name 'a\\tb' is invalid: a tab");
        Refused(await Cli.RunAsync("queue", "pause", "x;y"), "Queue name 'x;y' is invalid: a semicolon");
        Refused(await Cli.RunAsync("schedule", "add", "nightly report", "--task", "jobs.echo", "--every", "1m"), "Schedule name 'nightly report' is invalid");
        Refused(await Cli.RunAsync("worker", "--queues", "default,x y"), "Queue name 'x y' is invalid");
        Assert.Equal(0L, await Db.CountAsync());
        Assert.DoesNotContain("nightly", Ok(await Cli.RunAsync("schedule", "list")).Stdout);
    }
}
