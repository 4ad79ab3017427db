namespace Jobs;

/// <summary>
/// A queue as <see cref="JobAdmin.ListQueuesAsync"/> sees it: whether it is paused, its jobs that can run now
/// (<see cref="Ready"/>), wait for their time (<see cref="Scheduled"/>) or run (<see cref="Running"/>), and how long
/// the oldest job that could run has waited.
/// </summary>
public sealed record QueueInfo(string Name, DateTimeOffset? PausedAt, long Ready, long Scheduled, long Running, TimeSpan? OldestWait)
{
    /// <summary>True while the queue is paused: no worker claims its jobs.</summary>
    public bool Paused => PausedAt is not null;
}
