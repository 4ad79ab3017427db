using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>A background <c>jobs worker</c> process. Stopped by its PID (SIGTERM, then SIGKILL) on dispose.</summary>
public sealed partial class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { _lines.Writer.TryComplete(); return; }
            lock (_stdout) _stdout.Add(e.Data);
            _lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    /// <summary>Whether the process has exited (e.g. after <c>jobs control shutdown</c>).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"jobs worker (pid {Pid}) did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
        return _process.ExitCode;
    }

    /// <summary>The worker's name, from its ready line.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The ready line, e.g. <c>worker NAME ready: queues default, pool async, concurrency 16</c>.</summary>
    public string ReadyLine { get; private set; } = "";

    public string Stdout { get { lock (_stdout) return string.Join('\n', _stdout); } }
    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    /// <summary>Starts <c>jobs worker ARGS</c> and waits until it prints its ready line.</summary>
    public static async Task<WorkerProcess> StartAsync(JobsCli cli, params string[] args)
    {
        var worker = new WorkerProcess(Process.Start(cli.StartInfo(["worker", .. args]))!);
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
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
                if (line.Contains(text, StringComparison.Ordinal)) return line;
        }
        catch (OperationCanceledException) { }
        throw new TimeoutException($"jobs worker (pid {Pid}) printed no line with '{text}' within {timeout} (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>Sends SIGTERM (as a service manager does) and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill({Pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
