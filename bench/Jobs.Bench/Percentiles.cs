namespace Jobs.Bench;

/// <summary>p50/p99/max of a set of delays, and the three L results made from them.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

    public static IEnumerable<BenchResult> LatencyResults(string system, string version, IEnumerable<double> delays, System.Text.Json.Nodes.JsonObject settings)
    {
        var sorted = delays.Order().ToList();
        settings["got"] = sorted.Count;
        yield return new BenchResult(system, version, "L.p50", Math.Round(Of(sorted, 0.50), 3), "ms", settings);
        yield return new BenchResult(system, version, "L.p99", Math.Round(Of(sorted, 0.99), 3), "ms", settings.DeepClone().AsObject());
        yield return new BenchResult(system, version, "L.max", Math.Round(sorted.Count == 0 ? double.NaN : sorted[^1], 3), "ms", settings.DeepClone().AsObject());
    }
}
