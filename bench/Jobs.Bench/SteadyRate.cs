using System.Diagnostics;

namespace Jobs.Bench;

/// <summary>Runs an action at a steady rate (the L scenario's producer): the i-th call is due at start + i / rate.</summary>
internal static class SteadyRate
{
    public static async Task RunAsync(int count, int perSecond, Func<int, Task> action, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            await action(i);
        }
    }
}
