using System.Runtime.InteropServices;
using Jobs.Cli.Output;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// <c>jobs worker -P process -c N</c>: this process becomes the supervisor of N child worker processes
/// (<see cref="PoolSupervisor"/>). The database and the <c>-A</c> assemblies are checked here once, before any child
/// starts. SIGTERM, SIGINT (Ctrl+C) and SIGQUIT stop the pool gracefully; a second one kills the children. The store's
/// signals tell the supervisor when jobs finish, so that a job revoked with terminate has its child killed at once.
/// </summary>
internal static class ProcessPool
{
    public static async Task<int> RunAsync(CliContext ctx, PoolSettings settings, string readyLine, string stoppedLine, CancellationToken ct)
    {
        TimeLimits.Validate(settings.SoftTimeLimit, settings.TimeLimit, $"worker '{settings.Name}'"); // as each child would, but once
        await using var session = ctx.OpenSession(settings.Assemblies);
        await session.ProbeAsync(ct); // unreachable or unmigrated: fail now, clearly, not once per child
        using var loggers = LoggerFactory.Create(b => ConsoleHost.ConfigureLogging(b, settings.LogLevel));
        var log = loggers.CreateLogger<PoolSupervisor>();
        var supervisor = new PoolSupervisor(settings, new ChildLauncher(settings, ctx.Provider.Settings),
            new OrphanedAttempts(session.Store, TimeProvider.System, log), new TerminateRequests(session.Store), TimeProvider.System, log);
        session.Store.Signals.JobsFinished += supervisor.OnJobsFinished; // a revoke with terminate, at once where the store pushes it
        session.Store.Signals.Reset += supervisor.OnSignalsReset;
        session.Store.StartSignals();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
        Terminal.Line($"tasks: {string.Join(", ", session.Options.Tasks.Names)}");
        var code = await supervisor.RunAsync(() => Terminal.Line(readyLine));
        Terminal.Line(stoppedLine);
        return code;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            supervisor.RequestStop();
        }
    }
}
