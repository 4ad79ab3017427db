namespace Jobs.Bench;

/// <summary>The scenarios of the standard workload (bench/README.md).</summary>
internal static class Scenario
{
    public const string E1 = "E1", E8 = "E8", EB = "EB", D = "D", L = "L", S = "S";
    public static readonly string[] All = [E1, E8, EB, D, L, S];

    /// <summary>Whether more is better for a figure (jobs/s) or less (latency in ms).</summary>
    public static bool HigherIsBetter(string unit) => unit != "ms";
}

/// <summary>Sizes for one run: the workload's (full) or small ones for a smoke test (quick).</summary>
internal sealed record BenchSizes(int E1, int E8, int EB, int Batch, int D, int L, int LRate, int SSeconds)
{
    public static readonly BenchSizes Full = new(E1: 10_000, E8: 10_000, EB: 100_000, Batch: 1_000, D: 100_000, L: 2_000, LRate: 200, SSeconds: 30);
    public static readonly BenchSizes Quick = new(E1: 200, E8: 400, EB: 2_000, Batch: 1_000, D: 2_000, L: 50, LRate: 200, SSeconds: 3);
}
