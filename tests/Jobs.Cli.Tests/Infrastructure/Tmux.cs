using System.Diagnostics;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>
/// A detached tmux session of a fixed size on a private server (<c>tmux -L SOCKET</c>, unique per instance), running one
/// command, whose screen the test reads with <c>capture-pane</c>. Disposal kills the session, the server, and the
/// pane's process by PID if it is still alive, so nothing outlives a failed test.
/// </summary>
public sealed class Tmux : IAsyncDisposable
{
    private readonly string _socket = "jobs-test-" + Guid.NewGuid().ToString("N")[..12];
    private int? _panePid;
    private string? _socketPath;

    private Tmux(string session) => Session = session;

    public const string Executable = "/usr/bin/tmux";

    public string Session { get; }

    public static bool Available => File.Exists(Executable);

    /// <summary>Starts <paramref name="command"/> (argv) in a new detached session of <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static async Task<Tmux> StartAsync(IReadOnlyDictionary<string, string?> environment, string workingDirectory, IReadOnlyList<string> command,
        int width = 220, int height = 60)
    {
        var tmux = new Tmux("top-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var args = new List<string> { "new-session", "-d", "-s", tmux.Session, "-x", width.ToString(), "-y", height.ToString(), "-c", workingDirectory };
            foreach (var (name, value) in environment) { args.Add("-e"); args.Add($"{name}={value}"); }
            args.Add(string.Join(' ', command.Select(Quote)));
            await tmux.RunAsync(args);
            var info = (await tmux.RunAsync(["display-message", "-p", "-t", tmux.Session, "#{pane_pid} #{socket_path}"])).Trim();
            tmux._panePid = int.Parse(info[..info.IndexOf(' ')]);
            tmux._socketPath = info[(info.IndexOf(' ') + 1)..];
            return tmux;
        }
        catch
        {
            await tmux.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pane's process (the command).</summary>
    public int? PanePid => _panePid;

    /// <summary>The visible screen as text.</summary>
    public Task<string> CaptureAsync() => RunAsync(["capture-pane", "-p", "-t", Session]);

    /// <summary>Types keys into the pane (tmux key names, e.g. "q").</summary>
    public Task SendKeysAsync(string keys) => RunAsync(["send-keys", "-t", Session, keys]);

    private async Task<string> RunAsync(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-L");
        psi.ArgumentList.Add(_socket);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', psi.ArgumentList)} → exit {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync(["kill-session", "-t", Session]); } catch (Exception) { /* gone already */ }
        try { await RunAsync(["kill-server"]); } catch (Exception) { /* gone already */ }
        if (_panePid is { } pid && ProcessTable.IsAlive(pid))
        {
            foreach (var child in ProcessTable.ChildrenOf(pid)) ProcessTable.Kill(child);
            ProcessTable.Kill(pid);
        }
        // A server that ended with its last session leaves its socket file behind.
        if (_socketPath is { Length: > 0 } socket && Path.GetFileName(socket) == _socket)
        {
            try { File.Delete(socket); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
