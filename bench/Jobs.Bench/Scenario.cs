namespace Jobs.Bench;

/// <summary>The scenarios of the standard workload (bench/README.md), and Jobs' own scenario A (bench/ADMIN.md).</summary>
internal static class Scenario
{
    public const string E1 = "E1", E8 = "E8", EB = "EB", D = "D", L = "L", S = "S", A = "A";

    /// <summary>The standard workload v1: every system runs these.</summary>
    public static readonly string[] Workload = [E1, E8, EB, D, L, S];

    /// <summary>Everything <c>--only</c> knows; A (JobAdmin on a big table) is Jobs' alone.</summary>
    public static readonly string[] All = [.. Workload, A];

    /// <summary>Whether more is better for a figure (jobs/s) or less (latency in ms).</summary>
    public static bool HigherIsBetter(string unit) => unit != "ms";
}

/// <summary>Sizes for one run: the workload's (full) or small ones for a smoke test (quick).</summary>
/// <param name="A">Jobs in the table scenario A searches and counts.</param>
/// <param name="ARepeats">Times each of A's calls runs (the median is reported): more than the 5 custom plans PostgreSQL makes before it may switch a prepared statement to a generic plan.</param>
internal sealed record BenchSizes(int E1, int E8, int EB, int Batch, int D, int L, int LRate, int SSeconds, int A, int ARepeats)
{
    public static readonly BenchSizes Full = new(E1: 10_000, E8: 10_000, EB: 100_000, Batch: 1_000, D: 100_000, L: 2_000, LRate: 200, SSeconds: 30, A: 1_000_000, ARepeats: 10);
    public static readonly BenchSizes Quick = new(E1: 200, E8: 400, EB: 2_000, Batch: 1_000, D: 2_000, L: 50, LRate: 200, SSeconds: 3, A: 20_000, ARepeats: 8);
}
