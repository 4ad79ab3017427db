using System.Diagnostics;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>Runs the built <c>jobs</c> console as a real process, in one working directory with one environment.</summary>
public sealed class JobsCli(string workingDirectory, IReadOnlyDictionary<string, string?> environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>The JOBS_* variables every process of this console gets.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } = environment;

    /// <summary>Runs <c>jobs ARGS</c> to completion and returns its exit code and output.</summary>
    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        try
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(Timeout);
            await process.WaitForExitAsync(cts.Token);
            return new CliResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"jobs {string.Join(' ', args)} did not exit within {Timeout}.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>A process start for <c>jobs ARGS</c>: the built dll under <c>dotnet</c>, only this fixture's JOBS_* variables.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(BuildOutput.CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("JOBS_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(name);
        foreach (var (name, value) in Environment) psi.Environment[name] = value;
        return psi;
    }
}
