using System.Data.Common;

namespace Jobs.Storage;

/// <summary>
/// The port each database implements (like River's driver): small and batch-first, so a store can do
/// one round trip for many jobs. Every state transition is one statement; all times use the database clock.
/// Disposable both ways, so a synchronously disposed service provider that created it does not throw.
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

    // Administration (the `jobs` console, dashboards).

    /// <summary>Lists jobs matching <paramref name="filter"/>, newest first.</summary>
    Task<IReadOnlyList<JobInfo>> ListJobsAsync(JobFilter filter, CancellationToken ct);

    /// <summary>Job counts per queue and state, ordered by queue.</summary>
    Task<IReadOnlyList<QueueStats>> GetQueueStatsAsync(CancellationToken ct);

    /// <summary>
    /// Requeues FAILURE and REVOKED jobs to run now with one more attempt; <paramref name="ids"/> null means every
    /// FAILURE job. Returns the ids requeued (jobs in other states are left alone).
    /// </summary>
    Task<IReadOnlyList<Guid>> RetryAsync(IReadOnlyList<Guid>? ids, CancellationToken ct);

    /// <summary>
    /// Revokes unfinished jobs (REVOKED with <paramref name="reason"/>): waiting ones never run; a running one's
    /// worker loses ownership, so its lease keeper cancels it and its result is not recorded. With
    /// <paramref name="terminate"/>, running ones are marked (job.terminate) for the process pool to kill. Returns the ids revoked.
    /// </summary>
    Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct);

    /// <summary>
    /// Deletes jobs of <paramref name="queue"/> (all queues when null): waiting jobs (SCHEDULED, PENDING, RETRY) as
    /// Celery's purge does, or, when <paramref name="finishedBefore"/> is given, finished jobs that finished before it.
    /// Returns how many were deleted.
    /// </summary>
    Task<int> PurgeAsync(string? queue, DateTimeOffset? finishedBefore, CancellationToken ct);

    // Beat (periodic tasks).

    /// <summary>
    /// Inserts new schedules (first slot from <see cref="Beat.ScheduleSlots.First"/>) and updates changed ones; a changed
    /// cron, interval or time zone restarts the timing, other changes keep next_run_at. Returns how many were new or changed.
    /// </summary>
    Task<int> UpsertSchedulesAsync(IReadOnlyList<ScheduleDefinition> schedules, CancellationToken ct);

    /// <summary>
    /// In one transaction: claims due enabled schedules under a row lock (skipping those another beat holds), decides each
    /// slot with <see cref="Beat.ScheduleSlots.Decide"/> on the database clock, inserts the jobs and advances next_run_at,
    /// then wakes workers as enqueue does. Every slot fires at most once however many beats run.
    /// </summary>
    Task<BeatRound> FireDueSchedulesAsync(BeatRequest request, CancellationToken ct);

    /// <summary>All schedules, ordered by name.</summary>
    Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken ct);

    /// <summary>Deletes a schedule; false when there was none of that name.</summary>
    Task<bool> RemoveScheduleAsync(string name, CancellationToken ct);

    /// <summary>Pauses or resumes a schedule; false when there was none of that name.</summary>
    Task<bool> SetScheduleEnabledAsync(string name, bool enabled, CancellationToken ct);

    // Rate and concurrency limits.

    /// <summary>Sets (rate not null) or clears the rate limit of a task or queue; a new rate starts with a full bucket. False when clearing found none.</summary>
    Task<bool> SetRateLimitAsync(LimitScope scope, string name, RateLimit? rate, CancellationToken ct);

    /// <summary>Sets (not null) or clears the concurrency limit of a task or queue. False when clearing found none.</summary>
    Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken ct);

    /// <summary>
    /// Upserts limits declared in code: a new one is inserted; an existing one is rewritten only when its declaration
    /// differs from the one stored (so run-time changes survive restarts). Returns how many were new or changed.
    /// </summary>
    Task<int> DeclareLimitsAsync(IReadOnlyList<Limits.LimitDeclaration> limits, CancellationToken ct);

    /// <summary>Every stored limit (active or cleared) with the jobs of it running now, by scope and name.</summary>
    Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken ct);
}
