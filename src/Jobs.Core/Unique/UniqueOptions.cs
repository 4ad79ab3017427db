namespace Jobs;

/// <summary>
/// Makes a job unique: while a job with the same <see cref="Key"/> exists in one of <see cref="States"/> and its
/// <see cref="Period"/> has not passed, enqueueing another returns the existing job instead of inserting a new one.
/// Exact under concurrency: a unique index on the key lets only one of many racing enqueues insert.
/// </summary>
public sealed record UniqueOptions
{
    /// <summary>The uniqueness key; default the task name and a SHA-256 of the canonical JSON of the arguments (object keys sorted, no whitespace). A caller-chosen key is used as given, across all tasks.</summary>
    public string? Key { get; init; }
    /// <summary>How long uniqueness lasts from the first job's creation (database clock); null: as long as its state counts.</summary>
    public TimeSpan? Period { get; init; }
    /// <summary>States in which an existing job blocks duplicates; default waiting and running (<see cref="UniqueStates.Active"/>).</summary>
    public UniqueStates States { get; init; } = UniqueStates.Active;
}

/// <summary>Job states that make an existing unique job block duplicates.</summary>
[Flags]
public enum UniqueStates
{
    /// <summary>SCHEDULED, PENDING and RETRY.</summary>
    Waiting = 1,
    /// <summary>STARTED.</summary>
    Running = 2,
    /// <summary>SUCCESS.</summary>
    Succeeded = 4,
    /// <summary>FAILURE.</summary>
    Failed = 8,
    /// <summary>REVOKED.</summary>
    Revoked = 16,
    /// <summary>Waiting or running (the default).</summary>
    Active = Waiting | Running,
    /// <summary>SUCCESS, FAILURE or REVOKED.</summary>
    Finished = Succeeded | Failed | Revoked,
    /// <summary>Every state: one job per key for the whole period.</summary>
    All = Active | Finished,
}
