namespace Jobs.Cli;

/// <summary>An error the user can fix: printed as one <c>error: ...</c> line on stderr, without a stack trace.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.UserError, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The process exit code for this error.</summary>
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(message);
    public static CliException Unreachable(string message, Exception? inner = null) => new(message, ExitCodes.DatabaseUnreachable, inner);
}
