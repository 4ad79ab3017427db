
namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>
/// A <c>jobs worker -P process</c> supervisor and its children. Every child PID it ever saw is remembered; disposal
/// stops the supervisor (SIGTERM, then SIGKILL) and kills by PID any child that outlived it, so nothing leaks even
/// when a test fails. <see cref="StopAsync"/> is the asserting variant: a graceful stop after which no child survives.
/// </summary>
public sealed class PoolWorker : IAsyncDisposable
{
    private readonly HashSet<int> _seen = [];

    private PoolWorker(WorkerProcess supervisor) => Supervisor = supervisor;

    public WorkerProcess Supervisor { get; }
    public int Pid => Supervisor.Pid;
    public string Name => Supervisor.Name;

    /// <summary>Every child PID seen so far (running or not).</summary>
    public IReadOnlyCollection<int> SeenChildren { get { lock (_seen) return _seen.ToList(); } }

    /// <summary>Starts <c>jobs worker -P process ARGS</c> and waits for its ready line (printed once every child is up).</summary>
    public static async Task<PoolWorker> StartAsync(JobsCli cli, params string[] args)
    {
        var pool = new PoolWorker(await WorkerProcess.StartAsync(cli, ["--pool", "process", .. args]));
        pool.Children();
        return pool;
    }

    /// <summary>The supervisor's running children now.</summary>
    public List<int> Children()
    {
        var children = ProcessTable.ChildrenOf(Pid);
        lock (_seen) _seen.UnionWith(children);
        return children;
    }

    /// <summary>Waits until the supervisor runs exactly <paramref name="count"/> children.</summary>
    public Task WaitForChildrenAsync(int count, TimeSpan timeout)
        => Eventually.UntilAsync(() => Task.FromResult(Children().Count == count), timeout, $"{count} children of pool {Pid} (now {Children().Count})\n{Supervisor.Stderr}");

    /// <summary>Remembers a PID known to have been a child (e.g. a job's result).</summary>
    public void Saw(int pid)
    {
        lock (_seen) _seen.Add(pid);
    }

    /// <summary>SIGTERM to the supervisor; returns its exit code, after asserting that no child it ever had still runs.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        Children();
        var code = await Supervisor.StopAsync(timeout);
        var survivors = SeenChildren.Where(ProcessTable.IsAlive).ToList();
        if (survivors.Count > 0)
            throw new InvalidOperationException($"children {string.Join(", ", survivors)} outlived supervisor {Pid}\n{Supervisor.Stderr}");
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        Children();
        try { await Supervisor.StopAsync(TimeSpan.FromSeconds(40)); }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException) { }
        finally
        {
            await Supervisor.DisposeAsync(); // SIGKILL to what is left of the tree
            foreach (var pid in SeenChildren.Where(ProcessTable.IsAlive)) ProcessTable.Kill(pid);
        }
    }
}
