using Xunit;

namespace Jobs.Core.Tests;

/// <summary>
/// Waits for a condition on worker state that no event announces (a held attempt forgotten after its handler
/// returned): checked every 10 ms, bounded at 30 s so that only a real failure, never a slow machine, fails a test.
/// </summary>
internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail($"not reached in 30 s: {what}");
            await Task.Delay(10);
        }
    }
}
