namespace Jobs.Worker;

/// <summary>Delay between attempts of a failing database call: 100 ms doubling to 5 s, with jitter.</summary>
internal sealed class ErrorBackoff(TimeProvider time)
{
    private int _failures;

    public void Reset() => _failures = 0;

    public Task DelayAsync(CancellationToken ct)
    {
        var ms = Math.Min(5000, 100 * (1 << Math.Min(_failures++, 6)));
        return Task.Delay(TimeSpan.FromMilliseconds(ms / 2 + Random.Shared.Next(ms / 2 + 1)), time, ct);
    }
}
