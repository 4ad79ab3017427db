namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>What one <c>jobs</c> invocation did.</summary>
public sealed record CliResult(string Command, int ExitCode, string Stdout, string Stderr)
{
    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The trimmed standard output.</summary>
    public string Output => Stdout.Trim();

    public override string ToString() => $"jobs {Command} → exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
