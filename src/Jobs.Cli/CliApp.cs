using System.CommandLine;
using Jobs.Cli.Commands;
using Jobs.Cli.Output;

namespace Jobs.Cli;

/// <summary>Parses the command line, runs the command, and maps failures to one stderr line and an exit code.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        Terminal.Configure();
        var root = CommandTree.Create();
        if (args.Length == 0) args = ["--help"];
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // An unrecognized token explains the others ("Required command was not provided" after a typo), so it goes first.
            var first = parse.Errors.OrderBy(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal) ? 0 : 1).First().Message;
            Console.Error.WriteLine($"error: {first.ReplaceLineEndings(" ").TrimEnd().TrimEnd('.')}; see 'jobs {Path(parse)}--help'");
            return ExitCodes.UserError;
        }
        try
        {
            // The worker's host handles Ctrl+C and SIGTERM itself (graceful shutdown); other commands just end.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (Exception ex)
        {
            return ErrorReporter.Report(ex, Console.Error);
        }
    }

    private static string Path(ParseResult parse)
    {
        var names = new List<string>();
        for (var c = parse.CommandResult; c.Parent is System.CommandLine.Parsing.CommandResult parent; c = parent) names.Insert(0, c.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
