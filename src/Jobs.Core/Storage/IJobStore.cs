using System.Data.Common;

namespace Jobs.Storage;

/// <summary>
/// The store as the worker and the client use it: the hot path (enqueue, claim, finish, leases), results, revoke and
/// maintenance. Batch-first, so a store does one round trip for many jobs; every state transition is one statement;
/// all times use the database clock. Implemented once, over any driver, by <see cref="JobStore"/>; administration,
/// schedules and limits are ports of their own (<see cref="IJobAdminStore"/>, <see cref="IScheduleStore"/>,
/// <see cref="ILimitStore"/>), so a test fake implements only what it uses. Disposable both ways, so a synchronously
/// disposed service provider that created it does not throw.
/// </summary>
internal interface IJobStore : IAsyncDisposable, IDisposable
{
    StoreCapabilities Capabilities { get; }

    /// <summary>Signals raised by this store; call <see cref="StartSignals"/> before relying on them.</summary>
    StoreSignals Signals { get; }

    /// <summary>Starts listening for cross-process signals (idempotent).</summary>
    void StartSignals();

    /// <summary>
    /// Inserts jobs; joins <paramref name="transaction"/> or <paramref name="connection"/> when given (rollback → no jobs).
    /// Returns each job's id in order: for a unique job (<see cref="NewJob.Unique"/>) whose key a counting job holds,
    /// that job's id, and nothing is inserted for it.
    /// </summary>
    Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct);

    /// <summary>Inserts a workflow's jobs and group counters in one transaction and wakes workers for the jobs that can run now.</summary>
    Task ApplyWorkflowAsync(WorkflowPlan plan, CancellationToken ct);

    /// <summary>Revokes every unfinished job sharing the root of <paramref name="memberId"/> (as <see cref="RevokeAsync"/>); returns the ids revoked.</summary>
    Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(Guid memberId, string reason, bool terminate, CancellationToken ct);

    /// <summary>
    /// Claims runnable jobs (priority, then run time) and leases them; expired ones come back already REVOKED. Jobs
    /// whose task or queue has an active limit are left to <see cref="ClaimLimitedAsync"/>.
    /// </summary>
    Task<IReadOnlyList<ClaimedJob>> ClaimAsync(ClaimRequest request, CancellationToken ct);

    /// <summary>
    /// Claims runnable jobs under active rate or concurrency limits, in one transaction: locks the active limit rows
    /// (scope, name order) with their running counts, lets <see cref="Limits.LimitPlan"/> choose among the waiting jobs
    /// (skipping rows other claimers hold), leases the chosen ones, writes the buckets back, and reports when the
    /// worker should look again.
    /// </summary>
    Task<LimitedClaim> ClaimLimitedAsync(ClaimRequest request, CancellationToken ct);

    /// <summary>Whether a due job of <paramref name="queues"/> waits under an active limit (one cheap statement, no locks).</summary>
    Task<bool> HasLimitedWorkAsync(IReadOnlyList<string> queues, CancellationToken ct);

    /// <summary>How long until the next scheduled job of these queues without an active limit becomes runnable; null when none is scheduled.</summary>
    Task<TimeSpan?> NextRunDelayAsync(IReadOnlyList<string> queues, CancellationToken ct);

    /// <summary>Records outcomes of attempts owned by <paramref name="worker"/>; returns the ids written (others were no longer owned).</summary>
    Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct);

    /// <summary>
    /// Extends leases of attempts still owned by <paramref name="worker"/>; returns those attempts (others were lost).
    /// Locks rows in id order, like <see cref="FinishAsync"/> and <see cref="ReleaseAsync"/>, so concurrent calls cannot deadlock.
    /// </summary>
    Task<IReadOnlyList<HeldJob>> ExtendLeasesAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease, CancellationToken ct);

    /// <summary>Returns claimed jobs to the queue without counting the attempt (graceful shutdown).</summary>
    Task<int> ReleaseAsync(string worker, IReadOnlyList<HeldJob> jobs, CancellationToken ct);

    /// <summary>Requeues (or fails, when attempts are spent) jobs whose lease expired. One rescuer at a time across all workers.</summary>
    Task<int> RescueAsync(int limit, CancellationToken ct);

    /// <summary>Deletes up to <paramref name="limit"/> jobs that finished more than <paramref name="resultTtl"/> ago; returns how many.</summary>
    Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct);

    /// <summary>The ended attempts of a job, by attempt number (empty for an unknown id).</summary>
    Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(Guid id, CancellationToken ct);

    /// <summary>Reads jobs by id (missing ids are absent from the result).</summary>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyList<Guid> ids, CancellationToken ct);

    /// <summary>The workflow relatives of a job (parent, children, group members, callbacks, root).</summary>
    Task<IReadOnlyList<JobRelative>> GetRelativesAsync(Guid id, CancellationToken ct);

    /// <summary>
    /// Revokes unfinished jobs (REVOKED with <paramref name="reason"/>): waiting ones never run; a running one's
    /// worker loses ownership, so its lease keeper cancels it and its result is not recorded. With
    /// <paramref name="terminate"/>, running ones are marked (job.terminate) for the process pool to kill. Returns the ids revoked.
    /// </summary>
    Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct);
}
