namespace Jobs.Cli.Prefork;

/// <summary>
/// One slot of the process pool: the child running in it (none while it waits for a restart), how many of its children
/// in a row died before they were ready, and when to start its next child. A slot whose children keep dying before they
/// are ready waits longer each time (250 ms doubling, at most 10 s) and, after three, counts as given up; when every slot
/// in use has given up, the pool stops. Owned by the supervisor's loop.
/// </summary>
internal sealed class Slot(int index)
{
    private const int MaxStartFailures = 3;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public int Index { get; } = index;
    public ChildProcess? Child { get; set; }
    /// <summary>When to start the next child (a local timestamp); null: not to be started.</summary>
    public long? RestartAt { get; set; }
    public int StartFailures { get; private set; }
    public bool GaveUp => StartFailures >= MaxStartFailures;

    /// <summary>Whether a child is to be started in it now.</summary>
    public bool DueAt(long now) => Child is null && RestartAt is { } at && at <= now;

    /// <summary>Its child is ready: the failures in a row end.</summary>
    public void ChildReady() => StartFailures = 0;

    /// <summary>Its child died before it was ready (or could not start): the next one starts after a backoff.</summary>
    public void StartFailed(TimeProvider time)
    {
        StartFailures++;
        var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 250 * Math.Pow(2, StartFailures - 1)));
        RestartAt = time.GetTimestamp() + (long)(backoff.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Taken into use (again) by pool-grow: a fresh start at <paramref name="now"/>, once its old child (if still stopping) is gone.</summary>
    public void Revive(long now)
    {
        StartFailures = 0;
        RestartAt = now;
    }
}
