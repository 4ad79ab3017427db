namespace Jobs;

/// <summary>The retry decisions shared by the client (what a job stores) and the worker (whether and when it retries).</summary>
internal static class RetryRules
{
    public static void Validate(int? maxRetries, TimeSpan? backoff, TimeSpan? backoffMax, TimeSpan? countdown, string what)
    {
        if (maxRetries is { } mr && mr < 0) throw new ArgumentOutOfRangeException(nameof(maxRetries), mr, $"MaxRetries of {what} must not be negative.");
        if (backoff < TimeSpan.Zero || backoffMax < TimeSpan.Zero || countdown < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(backoff), $"Retry delays of {what} must not be negative.");
        if (countdown is not null && (backoff is not null || backoffMax is not null))
            throw new ArgumentException($"Give either RetryCountdown or RetryBackoff/RetryBackoffMax for {what}, not both.");
    }

    public static void ValidateUnique(UniqueOptions unique, string what)
    {
        if (unique.Period is { } p && p <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(unique), p, $"The unique period of {what} must be positive.");
        UniqueKey.StateNames(unique.States);
    }

    /// <summary>
    /// The stored backoff (base, max): a fixed countdown is stored as base = max; the job's own settings win over the
    /// task's, which win over the defaults.
    /// </summary>
    public static (TimeSpan Base, TimeSpan Max) Backoff(EnqueueOptions job, TaskPolicy task, JobsOptions defaults)
    {
        if (job.RetryCountdown is { } c) return (c, c);
        if (job.RetryBackoff is null && job.RetryBackoffMax is null && task.RetryCountdown is { } tc) return (tc, tc);
        return (job.RetryBackoff ?? task.RetryBackoff ?? defaults.DefaultRetryBackoff,
                job.RetryBackoffMax ?? task.RetryBackoffMax ?? defaults.DefaultRetryBackoffMax);
    }

    /// <summary>
    /// Whether <paramref name="error"/> may be retried: the job's own type names (matched against the names of the
    /// exception's type and its base types, short or full), else the task's types (and subclasses), else any exception.
    /// </summary>
    public static bool IsRetryable(Exception error, IReadOnlyList<string>? jobRetryFor, IReadOnlyList<Type>? taskRetryFor)
    {
        if (jobRetryFor is not null)
        {
            for (var t = error.GetType(); t is not null; t = t.BaseType)
                if (jobRetryFor.Any(n => n == t.Name || n == t.FullName)) return true;
            return false;
        }
        return taskRetryFor is null || taskRetryFor.Any(t => t.IsInstanceOfType(error));
    }
}
