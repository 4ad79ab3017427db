namespace Jobs;

/// <summary>How many jobs of one queue are in each state.</summary>
public sealed record QueueStats(string Queue, long Scheduled, long Pending, long Running, long Retrying, long Succeeded, long Failed, long Revoked);
