using System.Runtime.InteropServices;
using Jobs.Cli.Output;
using Jobs.Monitoring;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// <c>jobs worker -P process -c N</c>: this process becomes the supervisor of N child worker processes
/// (<see cref="PoolSupervisor"/>). The database and the <c>-A</c> assemblies are checked here once, before any child
/// starts. SIGTERM, SIGINT (Ctrl+C) and SIGQUIT stop the pool gracefully; a second one kills the children. The store's
/// signals tell the supervisor when jobs finish, so that a job revoked with terminate has its child killed at once.
/// The supervisor is the pool's worker for monitoring (<see cref="SupervisorNode"/>): it registers, writes the
/// heartbeats and answers remote control; the children do neither.
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
        var launcher = new ChildLauncher(settings, ctx.Provider.Settings);
        var supervisor = new PoolSupervisor(settings, launcher,
            new OrphanedAttempts(session.Store, TimeProvider.System, log), new TerminateRequests(session.Store), TimeProvider.System, log);
        var node = new SupervisorNode(settings, supervisor, launcher, session.Store, session.Options.Tasks.Names, TimeProvider.System);
        var monitoring = MonitoringComponents(session, node, loggers);
        session.Store.Signals.JobsFinished += supervisor.OnJobsFinished; // a revoke with terminate, at once where the store pushes it
        session.Store.Signals.Reset += supervisor.OnSignalsReset;
        session.Store.StartSignals();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
        Terminal.Line($"tasks: {string.Join(", ", session.Options.Tasks.Names)}");
        foreach (var c in monitoring) await c.StartAsync(ct);
        int code;
        try { code = await supervisor.RunAsync(() => Terminal.Line(readyLine)); }
        finally
        {
            for (var i = monitoring.Count - 1; i >= 0; i--) await monitoring[i].StopAsync(CancellationToken.None);
        }
        Terminal.Line(stoppedLine);
        return code;

        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            supervisor.RequestStop();
        }
    }

    /// <summary>The heartbeat and control components of the pool's node, as a worker host would run them.</summary>
    private static List<IJobsComponent> MonitoringComponents(JobsSession session, SupervisorNode node, ILoggerFactory loggers)
    {
        var monitor = session.Service<IMonitorStore>();
        var events = session.Service<JobEventHub>();
        if (monitor is null || events is null) return [];
        var options = session.Options;
        var components = new List<IJobsComponent>();
        if (options.Monitoring.RegisterWorkers)
            components.Add(new WorkerRegistry(monitor, [node], events, options, loggers.CreateLogger<WorkerRegistry>()));
        if (options.Monitoring.RemoteControl)
            components.Add(new ControlResponder(monitor, [node], new ControlHandler(session.Service<IJobAdminStore>()!, null, loggers.CreateLogger<ControlHandler>()),
                TimeProvider.System, loggers.CreateLogger<ControlResponder>()));
        return components;
    }
}
