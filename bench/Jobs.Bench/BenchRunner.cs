using System.Diagnostics;
using Jobs.Bench.Systems;
using Spectre.Console;

namespace Jobs.Bench;

/// <summary>
/// Runs every chosen system on the chosen scenarios in one session, one after another (never two at once: they share
/// two cores), prints each result as a JSON line on stdout as it comes, then the table. Exits 1 when Jobs or the
/// baseline fails; a peer that fails or cannot be installed here is shown in the table without failing the run.
/// </summary>
internal static class BenchRunner
{
    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        IReadOnlySet<string> scenarios;
        IReadOnlyList<IBenchSystem> systems;
        try { (scenarios, systems) = (options.ScenarioSet(), options.SystemList()); }
        catch (ArgumentException ex) { Console.Error.WriteLine(ex.Message); return 2; }

        var repo = FindRepoRoot();
        var clock = Stopwatch.StartNew();
        await using var database = await BenchDatabase.OpenAsync(options.Postgres);
        var machine = $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        Console.Error.WriteLine($"bench: {(options.Quick ? "quick" : "full")} run on {machine}; {await database.ServerVersionAsync()}, {database.Description}");
        var run = new BenchRun(options.Sizes, scenarios, database, options.Quick, repo, options.Explain);

        var results = new List<BenchResult>();
        var failures = new Dictionary<string, string>();
        var failed = false;
        using var jsonOut = options.JsonFile is null ? null : new StreamWriter(options.JsonFile, append: true);
        var profile = options.Profile ? new StatementProfile(database.ServerConnectionString) : null;
        foreach (var system in systems.Where(s => s.Scenarios.Overlaps(scenarios)))
        {
            Console.Error.WriteLine($"bench: {system.Name} ...");
            if (profile is not null) await profile.ResetAsync();
            var started = Stopwatch.StartNew();
            try
            {
                await system.RunAsync(run, r =>
                {
                    results.Add(r);
                    var line = r.ToJson();
                    Console.Out.WriteLine(line);
                    jsonOut?.WriteLine(line);
                    jsonOut?.Flush();
                }, ct);
                Console.Error.WriteLine($"bench: {system.Name} done in {started.Elapsed.TotalSeconds:0.0} s");
                if (profile is not null) await profile.PrintAsync(system.Name, Console.Error);
            }
            catch (PeerUnavailableException ex)
            {
                failures[system.Name] = "not measured: " + ex.Message;
                Console.Error.WriteLine($"bench: {system.Name} unavailable here: {ex.Message}");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                failures[system.Name] = "failed: " + ex.Message.Split('\n')[0];
                Console.Error.WriteLine($"bench: {system.Name} failed: {ex}");
                if (system is not PeerSystem) failed = true;
            }
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 200; // a log file or CI: do not wrap the table at 80 columns
        ResultTable.Print(results, failures, console);
        Console.Error.WriteLine($"bench: finished in {clock.Elapsed.TotalSeconds:0.0} s");
        return failed ? 1 : 0;
    }

    /// <summary>The repository root (holding Jobs.sln), for the peers' scripts.</summary>
    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) return dir.FullName;
        throw new InvalidOperationException("Run the bench from inside the repository (Jobs.sln not found above the current directory).");
    }
}
