namespace Jobs;

/// <summary>
/// Thrown by <see cref="JobContext.Retry"/> (Celery's <c>self.retry()</c>): the worker records the attempt as RETRY and runs
/// the job again after <see cref="Countdown"/> (default: the job's retry backoff), or records FAILURE when its retries
/// are spent. Let it propagate out of the task.
/// </summary>
public sealed class JobRetryException : JobsException
{
    internal JobRetryException(TimeSpan? countdown, Exception? reason)
        : base(reason is null ? "Retry requested" : $"Retry requested: {reason.GetType().Name}: {reason.Message}", reason)
    {
        Countdown = countdown;
        Reason = reason;
    }

    /// <summary>The delay before the next attempt; null: the retry policy's backoff.</summary>
    public TimeSpan? Countdown { get; }
    /// <summary>The exception that caused the retry, recorded as the attempt's error.</summary>
    public Exception? Reason { get; }
}
