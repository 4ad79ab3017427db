namespace Jobs.Limits;

/// <summary>
/// One active job_limit row as a limited claim reads it under lock: the bucket (per second, burst, tokens, time since
/// the last refill on the database clock) and the concurrency limit with the jobs of its task or queue running now.
/// </summary>
internal sealed record LimitState(LimitScope Scope, string Name, double? PerSecond, double? Burst, double Tokens, double ElapsedMs,
    int? MaxRunning, long Running);

/// <summary>A waiting job a limited claim may start (its task and queue decide which limits it spends).</summary>
internal sealed record LimitCandidate(Guid Id, string Task, string Queue, bool Expired);

/// <summary>A bucket's new level after a limited claim, written back with the claim's database time as refilled_at.</summary>
internal sealed record TokenWrite(LimitScope Scope, string Name, double Tokens);
