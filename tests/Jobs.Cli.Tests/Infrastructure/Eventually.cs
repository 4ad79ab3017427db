namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>Waits for a condition on the database to hold, re-checking it, with a deadline (never a fixed sleep).</summary>
public static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try { await Task.Delay(50, cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"Timed out after {timeout} waiting for: {what}"); }
        }
    }
}
