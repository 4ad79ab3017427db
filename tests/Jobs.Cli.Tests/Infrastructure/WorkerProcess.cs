namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>A background <c>jobs worker</c> process (a <see cref="CliProcess"/>) started and waited for until ready. Stopped by its PID on dispose.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly CliProcess _process;

    private WorkerProcess(CliProcess process) => _process = process;

    public int Pid => _process.Pid;

    /// <summary>Whether the process has exited (e.g. after <c>jobs control shutdown</c>).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The worker's name, from its ready line.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The ready line, e.g. <c>worker NAME ready: queues default, pool async, concurrency 16</c>.</summary>
    public string ReadyLine { get; private set; } = "";

    public string Stdout => _process.Stdout;
    public string Stderr => _process.Stderr;

    /// <summary>Starts <c>jobs worker ARGS</c> and waits until it prints its ready line.</summary>
    public static async Task<WorkerProcess> StartAsync(JobsCli cli, params string[] args)
    {
        var worker = new WorkerProcess(CliProcess.Start(cli, ["worker", .. args]));
        try
        {
            worker.ReadyLine = await worker.WaitForLineAsync(" ready: ", TimeSpan.FromSeconds(60));
            worker.Name = worker.ReadyLine.Split(' ')[1];
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for a stdout line containing <paramref name="text"/>.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout)
        => _process.WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), timeout, $"'{text}'");

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public Task<int> WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync(timeout);

    /// <summary>Sends SIGTERM (as a service manager does) and waits for the process to exit; returns its exit code.</summary>
    public Task<int> StopAsync(TimeSpan timeout) => _process.StopAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
