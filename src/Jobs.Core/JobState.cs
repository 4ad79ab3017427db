namespace Jobs;

/// <summary>
/// Celery's task states, plus <see cref="Scheduled"/> for stored jobs whose eta is in the future.
/// The <c>state</c> column of <c>jobs.job</c> holds these names verbatim.
/// </summary>
public static class JobState
{
    /// <summary>Waiting to run, or unknown (an id nobody has seen is PENDING, as in Celery).</summary>
    public const string Pending = "PENDING";
    /// <summary>Received by a worker (events only; never stored).</summary>
    public const string Received = "RECEIVED";
    /// <summary>Claimed by a worker and running under a lease.</summary>
    public const string Started = "STARTED";
    /// <summary>Failed and waiting for its next attempt.</summary>
    public const string Retry = "RETRY";
    /// <summary>Finished; the result is stored.</summary>
    public const string Success = "SUCCESS";
    /// <summary>Failed for good; error and traceback are stored.</summary>
    public const string Failure = "FAILURE";
    /// <summary>Revoked (by a user, or because it expired before it could run).</summary>
    public const string Revoked = "REVOKED";
    /// <summary>Stored state only: the job's eta (run_at) is in the future. Celery reports it as PENDING.</summary>
    public const string Scheduled = "SCHEDULED";
    /// <summary>Celery's REJECTED (events only; never stored).</summary>
    public const string Rejected = "REJECTED";

    /// <summary>States after which a job never changes again.</summary>
    public static readonly IReadOnlySet<string> ReadyStates = new HashSet<string> { Success, Failure, Revoked };
    /// <summary>States of a job that has not finished.</summary>
    public static readonly IReadOnlySet<string> UnreadyStates = new HashSet<string> { Pending, Received, Started, Rejected, Retry, Scheduled };
    /// <summary>States that carry an exception.</summary>
    public static readonly IReadOnlySet<string> ExceptionStates = new HashSet<string> { Retry, Failure, Revoked };

    // Celery: PRECEDENCE = [SUCCESS, FAILURE, None, REVOKED, STARTED, RECEIVED, REJECTED, RETRY, PENDING]
    private static readonly string?[] PrecedenceOrder = [Success, Failure, null, Revoked, Started, Received, Rejected, Retry, Pending];

    /// <summary>
    /// Celery's <c>states.precedence</c>: the index of a state in the precedence list; a lower index wins.
    /// Unknown states rank where Celery ranks <c>None</c>. SCHEDULED ranks as PENDING.
    /// </summary>
    public static int Precedence(string? state)
    {
        state = ToCelery(state);
        var i = Array.IndexOf(PrecedenceOrder, state);
        return i >= 0 ? i : Array.IndexOf(PrecedenceOrder, null);
    }

    /// <summary>True when <paramref name="state"/> is a terminal state (SUCCESS, FAILURE, REVOKED).</summary>
    public static bool IsReady(string? state) => state is not null && ReadyStates.Contains(state);

    /// <summary>Maps a stored state onto Celery's names: SCHEDULED becomes PENDING; others are unchanged.</summary>
    public static string ToCelery(string? state) => state switch
    {
        null => Pending,
        Scheduled => Pending,
        _ => state,
    };
}
