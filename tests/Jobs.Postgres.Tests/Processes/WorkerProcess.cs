using System.Diagnostics;
using System.Threading.Channels;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>A Jobs.TestWorker OS process. Stopped by its PID on dispose, even when the test fails.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _stderr = [];

    private WorkerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Writer.TryWrite(e.Data); else _lines.Writer.TryComplete(); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Stderr { get { lock (_stderr) return string.Join('\n', _stderr.TakeLast(50)); } }

    /// <summary>Starts a worker process and waits until it reports READY.</summary>
    public static async Task<WorkerProcess> StartAsync(string connectionString, string schema, int workers, int concurrency, int leaseMs = 30_000)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(TestWorkerDll());
        foreach (var a in new[] { connectionString, schema, workers.ToString(), concurrency.ToString(), leaseMs.ToString() }) psi.ArgumentList.Add(a);
        var worker = new WorkerProcess(Process.Start(psi)!);
        try
        {
            await worker.WaitForLineAsync("READY", TimeSpan.FromSeconds(60));
            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cts.Token))
                if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
        catch (OperationCanceledException) { }
        throw new TimeoutException($"Worker process {Pid} did not print '{prefix}' within {timeout} (exited: {_process.HasExited}). stderr:\n{Stderr}");
    }

    /// <summary>SIGKILL: the process dies at once, without any shutdown code running.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private static string TestWorkerDll()
    {
        // tests/Jobs.Postgres.Tests/bin/<Configuration>/net10.0/ → tests/Jobs.TestWorker/bin/<Configuration>/net10.0/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var config = here.Parent!.Name;
        var tests = here.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(tests, "Jobs.TestWorker", "bin", config, tfm, "Jobs.TestWorker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build tests/Jobs.TestWorker first: {dll} is missing.");
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
}
