namespace Jobs.Bench;

/// <summary>One system measured on the workload (Jobs on a store, the raw-SQL baseline, a peer).</summary>
internal interface IBenchSystem
{
    /// <summary>The name used by <c>--systems</c> and in the results.</summary>
    string Name { get; }

    /// <summary>Runs the requested scenarios, reporting each figure as it is measured.</summary>
    Task RunAsync(BenchRun run, Action<BenchResult> report, CancellationToken ct);
}

/// <summary>What one run of the bench asks of every system.</summary>
internal sealed record BenchRun(BenchSizes Sizes, IReadOnlySet<string> Scenarios, BenchDatabase Database, bool Quick, string RepoRoot)
{
    public bool Wants(string scenario) => Scenarios.Contains(scenario);
}
