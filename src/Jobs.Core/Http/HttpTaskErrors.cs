namespace Jobs;

// The errors of the jobs.http task, recorded as "Type: message". The task retries only through JobContext.Retry
// (connection errors, timeouts, 408, 429, 5xx); every other error, these included, fails the job at once.

/// <summary>A URL (the request's, a redirect's or the callback's) that the worker's jobs.http policy refuses. Never retried.</summary>
internal sealed class HttpUrlRefusedException(string message) : JobsException(message);

/// <summary>The server answered with a status the job does not accept. Retried for 408, 429 and 5xx; otherwise permanent.</summary>
internal sealed class HttpStatusException(string message, int status) : JobsException(message)
{
    /// <summary>The HTTP status code of the answer.</summary>
    public int Status { get; } = status;
}

/// <summary>The request timed out, or could not connect or complete (a transport error). Retried.</summary>
internal sealed class HttpTransportException(string message, Exception? inner = null) : JobsException(message, inner);
