using System.Diagnostics;
using Npgsql;

namespace Jobs.Bench.Systems;

/// <summary>
/// A peer system driven by the scripts in <c>bench/peers/NAME/</c> (contract in bench/peers/README.md):
/// <c>install.sh</c> (exit 3 = cannot run here) then <c>run.sh</c>, which prints one JSON result per line.
/// </summary>
internal sealed class PeerSystem(string name) : IBenchSystem
{
    /// <summary>The peers in the order they run.</summary>
    public static readonly string[] Known = ["graphile-worker", "pgboss", "hangfire", "celery-redis", "celery-postgres"];

    public string Name => name;

    public async Task RunAsync(BenchRun run, Action<BenchResult> report, CancellationToken ct)
    {
        var dir = Path.Combine(run.RepoRoot, "bench", "peers", name);
        if (!File.Exists(Path.Combine(dir, "run.sh"))) throw new PeerUnavailableException($"{dir}/run.sh is missing");
        var install = await RunScriptAsync(dir, "install.sh", new Dictionary<string, string>(), _ => { }, TimeSpan.FromMinutes(10), ct);
        if (install.ExitCode == 3) throw new PeerUnavailableException(LastLine(install.Stderr));
        if (install.ExitCode != 0) throw new InvalidOperationException($"{name}/install.sh exited with {install.ExitCode}: {LastLine(install.Stderr)}");

        var cs = new NpgsqlConnectionStringBuilder(await run.Database.CreateDatabaseAsync(name));
        var env = new Dictionary<string, string>
        {
            ["PG"] = cs.ConnectionString,
            ["PGURL"] = $"postgresql://{cs.Username}@{cs.Host}:{cs.Port}/{cs.Database}",
            ["PGHOST"] = cs.Host!, ["PGPORT"] = cs.Port.ToString(), ["PGUSER"] = cs.Username!, ["PGDATABASE"] = cs.Database!,
            ["BENCH_SCENARIOS"] = string.Join(',', Scenario.Workload.Where(run.Wants)),
            ["BENCH_E1"] = run.Sizes.E1.ToString(), ["BENCH_E8"] = run.Sizes.E8.ToString(), ["BENCH_EB"] = run.Sizes.EB.ToString(),
            ["BENCH_BATCH"] = run.Sizes.Batch.ToString(), ["BENCH_D"] = run.Sizes.D.ToString(), ["BENCH_L"] = run.Sizes.L.ToString(),
            ["BENCH_L_RATE"] = run.Sizes.LRate.ToString(), ["BENCH_S_SECONDS"] = run.Sizes.SSeconds.ToString(),
        };
        var printed = 0;
        var result = await RunScriptAsync(dir, "run.sh", env, line =>
        {
            if (BenchResult.Parse(line) is { } r) { printed++; report(r); }
            else Console.Error.WriteLine($"[{name}] {line}");
        }, run.Quick ? TimeSpan.FromMinutes(3) : TimeSpan.FromMinutes(30), ct);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{name}/run.sh exited with {result.ExitCode} after {printed} results: {LastLine(result.Stderr)}");
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";

    private sealed record ScriptResult(int ExitCode, string Stderr);

    /// <summary>Runs a script of the peer, streaming stdout lines; on timeout or cancellation the whole process tree is killed (by PID).</summary>
    private static async Task<ScriptResult> RunScriptAsync(string dir, string script, Dictionary<string, string> env, Action<string> onLine, TimeSpan timeout, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("bash", [Path.Combine(dir, script)])
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {script}");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            Console.Error.WriteLine($"[{Path.GetFileName(dir)}] {e.Data}");
        };
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token) is { } line) onLine(line);
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            if (ct.IsCancellationRequested) throw;
            throw new TimeoutException($"{Path.GetFileName(dir)}/{script} did not finish within {timeout}");
        }
        lock (stderr) return new ScriptResult(process.ExitCode, stderr.ToString());
    }
}

/// <summary>A peer that cannot run on this machine (its install script said so): reported, not a failure of the run.</summary>
internal sealed class PeerUnavailableException(string message) : Exception(message);
