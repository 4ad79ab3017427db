namespace Jobs.Storage;

/// <summary>How an attempt ended.</summary>
internal enum OutcomeKind { Success, Failure, Retry, Revoked }

/// <summary>The end of one attempt, written by the completer in batches. Guarded by (worker, attempt) ownership.</summary>
internal sealed record JobOutcome
{
    public required Guid Id { get; init; }
    public required int Attempt { get; init; }
    public required OutcomeKind Kind { get; init; }
    public string? ResultJson { get; init; }
    /// <summary>The result's exact bytes when the job is not plain JSON (see <see cref="Jobs.Payloads.PayloadEnvelope.SealResult"/>).</summary>
    public byte[]? ResultPayload { get; init; }
    public string? ResultSignature { get; init; }
    public string? Error { get; init; }
    public string? Traceback { get; init; }
    /// <summary>For <see cref="OutcomeKind.Retry"/>: run again this long after now (database clock).</summary>
    public TimeSpan RetryDelay { get; init; }
    /// <summary>
    /// The job is known not to be part of a workflow, so recording its outcome releases no step and the store may
    /// write it without the workflow statements (on PostgreSQL: one prepared autocommit statement). False when
    /// unknown (the safe default: the release statements run and find nothing).
    /// </summary>
    public bool Standalone { get; init; }

    /// <summary>The written outcomes that ended a workflow job: succeeded, and failed or revoked (retries are not an end); standalone jobs release nothing.</summary>
    public static (IReadOnlyList<Guid> Succeeded, IReadOnlyList<Guid> Failed) Ended(IReadOnlyList<JobOutcome> outcomes, IReadOnlyCollection<Guid> written)
    {
        if (written.Count == 0) return ([], []);
        var set = written as ISet<Guid> ?? written.ToHashSet();
        List<Guid> succeeded = [], failed = [];
        foreach (var o in outcomes)
        {
            if (o.Standalone || !set.Contains(o.Id)) continue;
            if (o.Kind == OutcomeKind.Success) succeeded.Add(o.Id);
            else if (o.Kind is OutcomeKind.Failure or OutcomeKind.Revoked) failed.Add(o.Id);
        }
        return (succeeded, failed);
    }

    public static string StateOf(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Success => JobState.Success,
        OutcomeKind.Failure => JobState.Failure,
        OutcomeKind.Retry => JobState.Retry,
        OutcomeKind.Revoked => JobState.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
