using Jobs.Cli.Commands;
using Xunit;

namespace Jobs.Readme.Tests;

/// <summary>The command-line check bites: a misspelled command, subcommand, alternative or option fails, with its line.</summary>
public sealed class CommandLinesTests
{
    private static IReadOnlyList<string> Problems(string shLine)
    {
        var line = Assert.Single(CommandLines.Find($"```sh\n{shLine}\n```\n"));
        return CommandLines.Check(CommandTree.Create(), line);
    }

    [Theory]
    [InlineData("jobs migrate up|down|status|script          # comment")]
    [InlineData("jobs schedule list | remove NAME | enable NAME | disable NAME")]
    [InlineData("jobs retry ID | --failed")]
    [InlineData("jobs inspect ping|active [--worker W] [--timeout 1s]")]
    [InlineData("jobs worker [-Q a,b] [-P async|threads] \\\n            [--beat]   # wrapped")]
    [InlineData("jobs schedule add NAME --task T (--cron \"*/5 * * * *\" | --every 30s) [--json]")]
    [InlineData("dotnet run --project src/Jobs.Cli -- demo")]
    [InlineData("$ jobs queues --json")]
    public void Real_commands_pass(string line) => Assert.Empty(Problems(line));

    [Theory]
    [InlineData("jobs queus", "'jobs' has no subcommand 'queus'")]
    [InlineData("jobs migrate up|sideways", "'jobs migrate' has no subcommand 'sideways'")]
    [InlineData("jobs schedule list | remvoe NAME", "'jobs schedule' has no subcommand 'remvoe'")]
    [InlineData("jobs schedule NAME", "'jobs schedule' has no subcommand 'NAME'")]
    [InlineData("jobs worker [--bet]", "'jobs worker' has no option '--bet'")]
    [InlineData("jobs control revoke ID | pool-grow N \\\n             | shutdown [--wroker W]", "'jobs control shutdown' has no option '--wroker'")]
    public void Unknown_commands_and_options_fail(string line, string problem)
        => Assert.Contains(problem, string.Join('\n', Problems(line)), StringComparison.Ordinal);

    [Fact]
    public void Inline_spans_and_line_numbers()
    {
        var lines = CommandLines.Find("text `jobs worker -E` and `jobs.echo`\n\n```sh\n./test.sh\njobs beat\n```\n");
        Assert.Equal([("jobs beat", 5, "block"), ("jobs worker -E", 1, "inline")], lines.Select(l => (l.Text, l.Line, l.Origin)));
    }
}
