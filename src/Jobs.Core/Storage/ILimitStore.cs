namespace Jobs.Storage;

/// <summary>Rate and concurrency limits, stored for every worker and process.</summary>
internal interface ILimitStore
{
    /// <summary>Sets (rate not null) or clears the rate limit of a task or queue; a new rate starts with a full bucket. False when clearing found none.</summary>
    Task<bool> SetRateLimitAsync(LimitScope scope, string name, RateLimit? rate, CancellationToken ct);

    /// <summary>Sets (not null) or clears the concurrency limit of a task or queue. False when clearing found none.</summary>
    Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken ct);

    /// <summary>
    /// Upserts limits declared in code: a new one is inserted; an existing one is rewritten only when its declaration
    /// differs from the one stored (so run-time changes survive restarts). Returns how many were new or changed.
    /// </summary>
    Task<int> DeclareLimitsAsync(IReadOnlyList<Limits.LimitDeclaration> limits, CancellationToken ct);

    /// <summary>Every stored limit (active or cleared) with the jobs of it running now, by scope and name.</summary>
    Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken ct);
}
