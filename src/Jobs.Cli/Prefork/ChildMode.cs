using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Cli.Prefork;

/// <summary>
/// <c>jobs worker --pool-child</c>: one child of a process pool, started by its supervisor. An ordinary worker with
/// one slot (solo pool, prefetch 1) that claims from the database itself, named <c>NAME/child-K/PID</c>. Its stdout is
/// the protocol to the supervisor (<see cref="ChildProtocol"/>); everything else it prints goes to stderr, which the
/// supervisor forwards. Exit code 0 when told to stop, <see cref="ChildProtocol.RecycledExitCode"/> when it recycled itself.
/// </summary>
internal static class ChildMode
{
    public static async Task<int> RunAsync(CliContext ctx, PoolSettings settings, CancellationToken ct)
    {
        var channel = SupervisorChannel.TakeStdout();
        var name = $"{settings.Name}/{Environment.ProcessId}";
        var reporter = new ChildReporter(channel, settings.MaxTasksPerChild, settings.MaxMemoryPerChildMb);
        var builder = ConsoleHost.CreateBuilder(ctx, settings.Assemblies, settings.LogLevel, o =>
        {
            // The supervisor is the pool's worker for monitoring: it registers and answers remote control for its children.
            o.Monitoring.RegisterWorkers = false;
            o.Monitoring.RemoteControl = false;
            o.AddWorker(w =>
            {
                w.Name = name;
                w.Queues = settings.Queues;
                w.Pool = WorkerPool.Solo;
                w.Concurrency = 1;
                w.PrefetchMultiplier = 1;
                w.SoftTimeLimit = settings.SoftTimeLimit;
                w.TimeLimit = settings.TimeLimit;
                w.AttemptObserver = reporter;
                w.SendEvents = settings.SendEvents;
            });
            if (settings.Beat) o.AddBeat();
            settings.Keys.Apply(o);
        });
        builder.Services.AddSingleton<IHostLifetime, ChildLifetime>();
        using var host = builder.Build();
        await host.Services.GetRequiredService<IJobStore>().GetJobsAsync([Guid.Empty], ct); // unreachable or unmigrated: fail now, clearly
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        reporter.StopHost = lifetime.StopApplication;
        await host.StartAsync(ct);
        channel.Send(new ChildMessage.Ready(name));
        await host.WaitForShutdownAsync(CancellationToken.None);
        return reporter.RecycleReason is null ? ExitCodes.Success : ChildProtocol.RecycledExitCode;
    }
}
