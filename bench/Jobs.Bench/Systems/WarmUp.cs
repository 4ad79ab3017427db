namespace Jobs.Bench.Systems;

/// <summary>
/// The unreported drain that runs before D in this process (Jobs and the baseline alike): .NET's tiered JIT
/// recompiles hot code with profile data during the first seconds, which a worker that runs for days never pays
/// again. <c>JOBS_BENCH_WARMUP</c> sets its size.
/// </summary>
internal static class WarmUp
{
    public static int Jobs(int drain) =>
        int.TryParse(Environment.GetEnvironmentVariable("JOBS_BENCH_WARMUP"), out var n) ? n : drain;
}
