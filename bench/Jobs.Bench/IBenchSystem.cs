namespace Jobs.Bench;

/// <summary>One system measured on the workload (Jobs on a store, the raw-SQL baseline, a peer).</summary>
internal interface IBenchSystem
{
    /// <summary>The name used by <c>--systems</c> and in the results.</summary>
    string Name { get; }

    /// <summary>The scenarios it can run (the standard workload unless it says more); a run that asks for none of them skips it.</summary>
    IReadOnlySet<string> Scenarios => WorkloadScenarios;

    private static readonly IReadOnlySet<string> WorkloadScenarios = Scenario.Workload.ToHashSet();

    /// <summary>Runs the requested scenarios, reporting each figure as it is measured.</summary>
    Task RunAsync(BenchRun run, Action<BenchResult> report, CancellationToken ct);
}

/// <summary>What one run of the bench asks of every system.</summary>
/// <param name="Explain">Scenario A: print the plan of each admin statement (<c>--explain</c>).</param>
internal sealed record BenchRun(BenchSizes Sizes, IReadOnlySet<string> Scenarios, BenchDatabase Database, bool Quick, string RepoRoot, bool Explain = false)
{
    public bool Wants(string scenario) => Scenarios.Contains(scenario);
}
