using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Jobs.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster started from the local server binaries: initdb into a fresh directory under
/// <c>/tmp/jobs-test-pg</c>, a free port, durability off for speed. Run as the <c>postgres</c> user when we are
/// root (initdb refuses root). Stopped by the postmaster's PID, never by process name. Clusters left behind by a
/// test process that died are reaped by the next one.
/// </summary>
internal sealed class LocalPostgresCluster : IDisposable
{
    private const string Root = "/tmp/jobs-test-pg";
    private readonly string _bin;
    private readonly string _dir;
    private readonly IReadOnlyList<string> _settings;
    private int _postmasterPid;
    private bool _disposed;

    private LocalPostgresCluster(string bin, string dir, int port, IReadOnlyList<string> settings)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
        _settings = settings;
    }

    /// <summary>
    /// Durability off (the tests' default): fsync, synchronous commit and full-page writes. <c>max_connections</c> stays
    /// at PostgreSQL's default (100), the budget of a CI server pointed to by <c>JOBS_TEST_POSTGRES</c>, so that a test
    /// run here exhausts connections exactly when it would there.
    /// </summary>
    public static readonly IReadOnlyList<string> FastSettings =
        ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "shared_buffers=128MB", "max_connections=100"];

    public int Port { get; private set; }

    public string ConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Include Error Detail=true;Timeout=30";

    private string DataDir => Path.Combine(_dir, "data");
    private string LogFile => Path.Combine(_dir, "server.log");

    /// <summary>The newest <c>bin</c> directory holding initdb and pg_ctl, or null.</summary>
    public static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>Starts a cluster with <paramref name="settings"/> (<c>name=value</c>; default <see cref="FastSettings"/>).</summary>
    public static async Task<LocalPostgresCluster> StartAsync(string bin, IReadOnlyList<string>? settings = null)
    {
        Reaper.ReapAbandoned(Root);
        Directory.CreateDirectory(Root);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Root, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
        var dir = Path.Combine(Root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, Reaper.OwnerFile), Environment.ProcessId.ToString());
        var cluster = new LocalPostgresCluster(bin, dir, FreePort(), settings ?? FastSettings);
        try
        {
            if (RunsAsRoot) await Run("chown", ["-R", "postgres:postgres", dir], asPostgres: false);
            await cluster.RunTool("initdb", ["-D", cluster.DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await cluster.StartServerAsync();
                    break;
                }
                catch (InvalidOperationException) when (attempt < 5)
                {
                    cluster.Port = FreePort(); // most likely someone took the port between probe and bind
                }
            }
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    public async Task RestartAsync()
    {
        StopServer();
        await StartServerAsync();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        StopServer();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private async Task StartServerAsync()
    {
        var options = string.Join(' ',
            new[] { $"-p {Port}", "-c listen_addresses=127.0.0.1", $"-c unix_socket_directories={_dir}" }
                .Concat(_settings.Select(s => "-c " + s)));
        try
        {
            await RunTool("pg_ctl", ["-D", DataDir, "-l", LogFile, "-w", "-t", "60", "-o", options, "start"]);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}\nserver log:\n{Tail(LogFile)}", ex);
        }
        var pidLine = File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First();
        _postmasterPid = int.Parse(pidLine.Trim());
    }

    private void StopServer()
    {
        if (_postmasterPid == 0) return;
        var pid = _postmasterPid;
        _postmasterPid = 0;
        Signals.StopByPid(pid, TimeSpan.FromSeconds(30));
    }

    private Task RunTool(string tool, string[] args) => Run(Path.Combine(_bin, tool), args, asPostgres: RunsAsRoot);

    private static bool RunsAsRoot => Signals.IsRoot;

    private static async Task Run(string file, string[] args, bool asPostgres)
    {
        var psi = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/tmp",
        };
        if (asPostgres) { psi.ArgumentList.Add("-u"); psi.ArgumentList.Add("postgres"); psi.ArgumentList.Add("--"); psi.ArgumentList.Add(file); }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(file)} did not finish within 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{Path.GetFileName(file)} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string file)
    {
        try { return string.Join('\n', File.ReadLines(file).TakeLast(30)); }
        catch (IOException) { return "(no log)"; }
    }
}
