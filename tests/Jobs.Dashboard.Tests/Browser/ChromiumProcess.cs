using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>
/// Debian's headless Chromium, started by us (so we stop it by its PID) with a DevTools port the system picks; no
/// browser is downloaded. <c>JOBS_TEST_CHROMIUM</c> names another executable. A missing browser fails loudly.
/// </summary>
public sealed partial class ChromiumProcess : IDisposable
{
    public const string Variable = "JOBS_TEST_CHROMIUM";
    private readonly Process _process;
    private readonly string _profile;

    private ChromiumProcess(Process process, string profile, string endpoint)
    {
        _process = process;
        _profile = profile;
        Endpoint = endpoint;
    }

    /// <summary>The DevTools WebSocket URL, for Playwright's ConnectOverCDP.</summary>
    public string Endpoint { get; }
    public int Pid => _process.Id;

    public static async Task<ChromiumProcess> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"No Chromium at {executable}: install Debian's package (apt-get install chromium; ./test.sh does) or set {Variable}.");
        var profile = Directory.CreateTempSubdirectory("jobs-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
                 })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) { endpoint.TrySetException(new InvalidOperationException($"Chromium exited before it listened:\n{log}")); return; }
            lock (log) log.AppendLine(e.Data);
            if (DevTools().Match(e.Data) is { Success: true } m) endpoint.TrySetResult(m.Groups[1].Value);
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            return new ChromiumProcess(process, profile, await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevTools();

    public void Dispose() => Stop(_process, _profile);

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        process.Dispose();
        try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
