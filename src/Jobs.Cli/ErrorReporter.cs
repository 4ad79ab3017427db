using System.Text.Json;
using Jobs.Cli.Providers;

namespace Jobs.Cli;

/// <summary>
/// Turns an exception into an exit code and what to print: user errors are one <c>error: ...</c> line on stderr,
/// unexpected ones are printed in full.
/// </summary>
internal static class ErrorReporter
{
    public static int Report(Exception ex, TextWriter stderr)
    {
        var (code, message) = Classify(ex);
        stderr.WriteLine(code == ExitCodes.Unexpected ? $"error: unexpected failure: {ex}" : $"error: {OneLine(message)}");
        return code;
    }

    public static (int ExitCode, string Message) Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is CliException cli) return (cli.ExitCode, cli.Message);
            if (DatabaseErrors.Classify(e) is { } db) return db;
        }
        return ex switch
        {
            AggregateException { InnerExceptions.Count: 1 } agg => Classify(agg.InnerExceptions[0]),
            UnknownTaskException or JobsException or JsonException or FormatException => (ExitCodes.UserError, ex.Message),
            ArgumentException arg => (ExitCodes.UserError, WithoutParameterSuffix(arg)),
            TimeoutException => (ExitCodes.JobFailed, ex.Message),
            _ => (ExitCodes.Unexpected, ex.Message),
        };
    }

    // ArgumentException appends " (Parameter 'x')" (and ArgumentOutOfRangeException a line with the value) to its
    // message; the user passed no parameter named x.
    private static string WithoutParameterSuffix(ArgumentException ex)
    {
        var first = ex.Message.ReplaceLineEndings("\n").Split('\n')[0];
        var suffix = $" (Parameter '{ex.ParamName}')";
        return ex.ParamName is not null && first.EndsWith(suffix, StringComparison.Ordinal) ? first[..^suffix.Length] : first;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
