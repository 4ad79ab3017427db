using Jobs.Cli.Commands;
using Xunit;
using Xunit.Abstractions;

namespace Jobs.Readme.Tests;

/// <summary>Every <c>jobs ...</c> line of README.md names real commands, subcommands and options of the console
/// (its command tree, <see cref="CommandTree"/>). Rules: <see cref="CommandLines"/>.</summary>
public sealed class ReadmeCommandTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_documented_jobs_command_exists()
    {
        var root = CommandTree.Create();
        var lines = CommandLines.Find(Readme.Text());
        foreach (var l in lines) output.WriteLine($"{Readme.File}:{l.Line} ({l.Origin}): {l.Text}");
        var problems = lines
            .Select(l => (Line: l, Problems: CommandLines.Check(root, l)))
            .Where(x => x.Problems.Count > 0)
            .Select(x => $"{Readme.File}:{x.Line.Line}: `{x.Line.Text}`\n    " + string.Join("\n    ", x.Problems))
            .ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} of the {lines.Count} `jobs` lines of {Readme.File} name no real command or option:\n"
                                         + string.Join('\n', problems));
    }

    [Fact]
    public void The_README_has_its_console_lines()
    {
        var lines = CommandLines.Find(Readme.Text());
        Assert.True(lines.Count(l => l.Origin == "block") >= 20, $"found only {lines.Count(l => l.Origin == "block")} `jobs` lines in {Readme.File}'s sh blocks");
    }
}
