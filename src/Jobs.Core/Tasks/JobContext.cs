using System.Diagnostics.CodeAnalysis;

namespace Jobs;

/// <summary>What a running attempt knows about itself.</summary>
public sealed class JobContext
{
    private readonly CancellationToken _softLimit;

    internal JobContext(Guid id, string task, string queue, int attempt, int maxAttempts, string worker, IServiceProvider services,
        CancellationToken cancellationToken, CancellationToken softLimit = default, TimeSpan? softTimeLimit = null)
    {
        Id = id; Task = task; Queue = queue; Attempt = attempt; MaxAttempts = maxAttempts; Worker = worker;
        Services = services; CancellationToken = cancellationToken; _softLimit = softLimit; SoftTimeLimit = softTimeLimit;
    }

    /// <summary>The job id.</summary>
    public Guid Id { get; }
    /// <summary>The task name.</summary>
    public string Task { get; }
    /// <summary>The queue the job was claimed from.</summary>
    public string Queue { get; }
    /// <summary>This attempt's number, starting at 1.</summary>
    public int Attempt { get; }
    /// <summary>Attempts allowed in all (max retries + 1).</summary>
    public int MaxAttempts { get; }
    /// <summary>The name of the worker running this attempt.</summary>
    public string Worker { get; }
    /// <summary>The job's DI scope.</summary>
    public IServiceProvider Services { get; }
    /// <summary>Cancelled when the soft time limit passes, the worker shuts down past its grace period, or it loses the job's lease.</summary>
    public CancellationToken CancellationToken { get; }
    /// <summary>This attempt's soft time limit (the job's, else the task's, else the worker's), or null.</summary>
    public TimeSpan? SoftTimeLimit { get; }
    /// <summary>True once the soft time limit has passed (the reason <see cref="CancellationToken"/> fired).</summary>
    public bool SoftTimeLimitExceeded => _softLimit.IsCancellationRequested;

    /// <summary>
    /// Retries the job from inside its task (Celery's <c>self.retry()</c>): always throws a <see cref="JobRetryException"/>,
    /// which the worker records as RETRY and runs the job again after <paramref name="countdown"/> (default: the job's
    /// retry backoff). The retry counts against the job's max retries: once they are spent the job ends FAILURE with
    /// <paramref name="exception"/>'s "Type: message", or "MaxRetriesExceeded". Retries regardless of the retry-for list.
    /// Declared to return the exception so that <c>throw context.Retry(...)</c> reads naturally; it never returns.
    /// </summary>
    [DoesNotReturn]
    public JobRetryException Retry(TimeSpan? countdown = null, Exception? exception = null)
    {
        if (countdown is { } c && c < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(countdown), c, "The retry countdown must not be negative.");
        throw new JobRetryException(countdown, exception);
    }

    /// <summary>Throws <see cref="SoftTimeLimitExceededException"/> when the soft time limit has passed.</summary>
    public void ThrowIfSoftTimeLimitExceeded()
    {
        if (SoftTimeLimitExceeded)
            throw new SoftTimeLimitExceededException($"Job {Id} ({Task}) exceeded its soft time limit of {TimeLimits.Seconds(SoftTimeLimit ?? TimeSpan.Zero)}.");
    }
}
