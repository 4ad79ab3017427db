using System.CommandLine;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs beat</c>: runs the beat (periodic tasks) until Ctrl+C or SIGTERM. Any number may run; each slot fires once.</summary>
internal static class BeatCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var logLevel = CliOptions.LogLevel();
        var command = new Command("beat", "Run the beat: enqueue periodic tasks when due, until Ctrl+C or SIGTERM.") { logLevel };
        return command.WithAction(globals, (ctx, ct) => ConsoleHost.RunAsync(ctx, [], ctx.Get(logLevel), o => o.AddBeat(),
            _ => $"beat ready (pid {Environment.ProcessId})", "beat stopped", ct));
    }
}
