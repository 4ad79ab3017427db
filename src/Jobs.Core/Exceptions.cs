namespace Jobs;

/// <summary>Base of the exceptions Jobs throws for its own errors.</summary>
public class JobsException : Exception
{
    public JobsException(string message) : base(message) { }
    public JobsException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>The task name is not registered (or declared remote) in this process.</summary>
public sealed class UnknownTaskException(string message) : JobsException(message);

/// <summary>The job's arguments cannot be read as the task's argument type. Not retried.</summary>
public sealed class JobArgumentsException(string message, Exception? inner = null) : JobsException(message, inner);

/// <summary>The awaited job ended in FAILURE or REVOKED.</summary>
public sealed class JobFailedException(JobInfo job)
    : JobsException($"Job {job.Id} ({job.Task}) ended {job.State}: {job.Error}")
{
    /// <summary>The finished job, with its error and traceback.</summary>
    public JobInfo Job { get; } = job;
}

/// <summary>
/// The job ran past its soft time limit (Celery's SoftTimeLimitExceeded). Thrown by
/// <see cref="JobContext.ThrowIfSoftTimeLimitExceeded"/>; a task may catch it to clean up and still return a result.
/// </summary>
public sealed class SoftTimeLimitExceededException(string message) : JobsException(message);
