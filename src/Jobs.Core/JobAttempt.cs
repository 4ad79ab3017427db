namespace Jobs;

/// <summary>One ended attempt of a job (see <see cref="AsyncResult.GetAttemptsAsync"/>): from table <c>jobs.job_attempt</c>, which holds the attempts that did not end their job, or, for the final attempt, from the job row itself.</summary>
public sealed record JobAttempt
{
    /// <summary>The attempt's number, starting at 1.</summary>
    public required int Attempt { get; init; }
    /// <summary>How the attempt ended: SUCCESS, FAILURE, RETRY (another attempt follows) or REVOKED.</summary>
    public required string State { get; init; }
    /// <summary>"Type: message" of the attempt's error, or the revoke reason.</summary>
    public string? Error { get; init; }
    /// <summary>The exception's full text.</summary>
    public string? Traceback { get; init; }
    /// <summary>The worker that ran the attempt.</summary>
    public string? Worker { get; init; }
    /// <summary>When the attempt started (database clock).</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When the attempt ended (database clock).</summary>
    public DateTimeOffset FinishedAt { get; init; }
}
