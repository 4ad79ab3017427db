namespace Jobs;

/// <summary>Settings of the beat (periodic task scheduler) run by a host. Any number of beats may run on one database.</summary>
public sealed class BeatOptions
{
    /// <summary>The longest the beat sleeps between checks for due schedules. Default 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Due schedules fired per transaction. Default 100.</summary>
    public int BatchSize { get; set; } = 100;

    internal void Validate()
    {
        if (PollInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PollInterval), PollInterval, "The beat's poll interval must be positive.");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The beat's batch size must be at least 1.");
    }
}
