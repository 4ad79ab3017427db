using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>
/// A long-running <c>jobs</c> command (e.g. <c>events --follow</c>) whose stdout is read line by line as it comes.
/// Stopped by its PID (SIGTERM, then SIGKILL) on dispose, so it never outlives a failed test.
/// </summary>
public sealed partial class CliProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];

    private CliProcess(Process process, string command)
    {
        _process = process;
        Command = command;
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

    public string Command { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Stdout { get { lock (_stdout) return string.Join('\n', _stdout); } }
    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr); } }

    /// <summary>Starts <c>jobs ARGS</c> in the background.</summary>
    public static CliProcess Start(JobsCli cli, params string[] args)
    {
        var process = Process.Start(cli.StartInfo(args))!;
        process.StandardInput.Close();
        return new CliProcess(process, string.Join(' ', args));
    }

    /// <summary>Waits for the next stdout line matching <paramref name="match"/> (lines before it are consumed).</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
                if (match(line)) return line;
        }
        catch (OperationCanceledException) { }
        throw new TimeoutException($"jobs {Command} (pid {Pid}) printed no line with {what} within {timeout} (exited: {_process.HasExited}).\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>Sends SIGTERM (as a service manager does) and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0 && !_process.HasExited)
            throw new InvalidOperationException($"kill({Pid}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit on its own; returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"jobs {Command} (pid {Pid}) did not exit within {timeout}.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        }
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
