using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Jobs.Bench;

/// <summary>A sub-millisecond Unix-milliseconds clock (wall time at start + a monotonic stopwatch): enqueue and start stamps of one process compare exactly.</summary>
internal static class BenchClock
{
    private static readonly double StartUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private static readonly long StartTicks = Stopwatch.GetTimestamp();

    public static double UnixMs() => StartUnixMs + Stopwatch.GetElapsedTime(StartTicks).TotalMilliseconds;
}

/// <summary>The no-op job's argument object: <c>{"i": n, "enqueued_at": unix ms}</c>.</summary>
internal sealed record NoOpArgs([property: JsonPropertyName("i")] int I, [property: JsonPropertyName("enqueued_at")] double EnqueuedAt)
{
    public static NoOpArgs Now(int i) => new(i, BenchClock.UnixMs());

    public string ToJson() => $"{{\"i\":{I},\"enqueued_at\":{EnqueuedAt:F3}}}";
}

/// <summary>The no-op job's small result.</summary>
internal sealed record NoOpResult([property: JsonPropertyName("ok")] bool Ok);
