namespace Jobs.Worker;

/// <summary>
/// Exponential retry backoff: delay n = min(max, base × 2^(n-1)); with jitter, a random point in its upper half.
/// A fixed countdown is stored as base = max and is never jittered.
/// </summary>
internal static class RetryBackoff
{
    public static TimeSpan Compute(int attempt, int baseMs, int maxMs, bool jitter)
    {
        var exp = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ms = Math.Min((double)maxMs, baseMs * Math.Pow(2, exp));
        if (jitter && baseMs != maxMs) ms = ms / 2 + Random.Shared.NextDouble() * ms / 2;
        return TimeSpan.FromMilliseconds(ms);
    }
}
