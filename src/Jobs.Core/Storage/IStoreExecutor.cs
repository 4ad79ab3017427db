using Jobs.Limits;

namespace Jobs.Storage;

/// <summary>
/// A store's statements, batch-first (River's executor is the model): <c>NounVerb[Many]Async</c> runs the store's
/// <c>noun_verb[_many].sql</c>, under the same name in every store. From <see cref="IStoreDriver.ExecuteAsync"/> each
/// statement commits on its own; from <see cref="IStoreDriver.InTransactionAsync"/> they share one transaction, and
/// multi-step flows (limited claim, beat round, unique enqueue, workflow release) are written once, in Core, over
/// them. Every write adds what it changed to <see cref="Changes"/>; Core sends those wake-ups after the commit. All
/// times are the database clock's.
/// </summary>
internal interface IStoreExecutor
{
    /// <summary>What this executor's writes changed so far (sent by Core after they commit).</summary>
    StoreChanges Changes { get; }

    /// <summary>The database clock.</summary>
    ValueTask<DateTimeOffset> ClockNowAsync();

    // Jobs: the hot path.

    /// <summary>Inserts jobs (ids that exist already are skipped); relative times resolve on the database clock.</summary>
    ValueTask JobInsertManyAsync(IReadOnlyList<NewJob> jobs);

    /// <summary>
    /// One unique job: frees its key where the holder no longer counts, inserts it unless the key is held, and reads
    /// the holder. Holder null: the key changed hands in between (try again).
    /// </summary>
    ValueTask<UniqueInsert> JobInsertUniqueAsync(NewJob job);

    /// <summary>
    /// Claims runnable jobs (priority, then run time) and leases them, in that order; expired ones come back already
    /// REVOKED. Jobs under an active limit are left to the limited claim (<see cref="JobClaimByIdManyAsync"/>).
    /// </summary>
    ValueTask<IReadOnlyList<ClaimedJob>> JobClaimManyAsync(ClaimRequest request);

    /// <summary>Claims these runnable jobs (locked by <see cref="LimitCandidateListAsync"/>), starting them at <paramref name="startedAt"/>.</summary>
    ValueTask<IReadOnlyList<ClaimedJob>> JobClaimByIdManyAsync(ClaimRequest request, IReadOnlyList<Guid> ids, DateTimeOffset startedAt);

    /// <summary>How long until the next scheduled job of these queues without an active limit becomes runnable; null when none is scheduled.</summary>
    ValueTask<TimeSpan?> JobNextRunDelayAsync(IReadOnlyList<string> queues);

    /// <summary>Records outcomes of attempts <paramref name="worker"/> still owns; returns the ids written.</summary>
    ValueTask<IReadOnlyList<Guid>> JobFinishManyAsync(string worker, IReadOnlyList<JobOutcome> outcomes);

    /// <summary>Extends the leases of attempts <paramref name="worker"/> still owns (locking rows in id order); returns those.</summary>
    ValueTask<IReadOnlyList<HeldJob>> JobLeaseExtendManyAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease);

    /// <summary>Returns claimed jobs to the queue without counting the attempt; returns how many.</summary>
    ValueTask<int> JobReleaseManyAsync(string worker, IReadOnlyList<HeldJob> jobs);

    /// <summary>Requeues, or fails when attempts are spent, up to <paramref name="limit"/> jobs whose lease expired (one rescuer at a time).</summary>
    ValueTask<int> JobRescueManyAsync(int limit);

    /// <summary>Deletes up to <paramref name="limit"/> jobs that finished more than <paramref name="resultTtl"/> ago.</summary>
    ValueTask<int> JobPruneManyAsync(TimeSpan resultTtl, int limit);

    /// <summary>Reads jobs by id (missing ids are absent).</summary>
    ValueTask<IReadOnlyList<JobInfo>> JobGetManyAsync(IReadOnlyList<Guid> ids);

    /// <summary>The ended attempts of a job, by attempt number.</summary>
    ValueTask<IReadOnlyList<JobAttempt>> JobAttemptListAsync(Guid id);

    // Jobs: administration.

    /// <summary>Jobs matching <paramref name="filter"/>, newest first.</summary>
    ValueTask<IReadOnlyList<JobInfo>> JobListAsync(JobFilter filter);

    /// <summary>Job counts per queue and state, ordered by queue.</summary>
    ValueTask<IReadOnlyList<QueueStats>> JobCountByQueueAsync();

    /// <summary>Requeues FAILURE and REVOKED jobs (null: every FAILURE job) to run now with one more attempt; returns their ids.</summary>
    ValueTask<IReadOnlyList<Guid>> JobRetryManyAsync(IReadOnlyList<Guid>? ids);

    /// <summary>Revokes unfinished jobs (locking rows in id order); returns their ids.</summary>
    ValueTask<IReadOnlyList<Guid>> JobRevokeManyAsync(IReadOnlyList<Guid> ids, string reason, bool terminate);

    /// <summary>Deletes jobs by id, except running ones; returns the ids deleted.</summary>
    ValueTask<IReadOnlyList<Guid>> JobDeleteManyAsync(IReadOnlyList<Guid> ids);

    /// <summary>The workflow relatives of a job: parent, children, group members, callbacks waiting for its group, root.</summary>
    ValueTask<IReadOnlyList<JobRelative>> JobRelativeListAsync(Guid id);

    /// <summary>Deletes the waiting jobs (SCHEDULED, PENDING, RETRY) of a queue, or of all queues.</summary>
    ValueTask<int> JobDeleteWaitingAsync(string? queue);

    /// <summary>Deletes the jobs of a queue (or all queues) that finished before <paramref name="before"/>.</summary>
    ValueTask<int> JobDeleteFinishedAsync(string? queue, DateTimeOffset before);

    // Queues.

    /// <summary>Pauses a queue (no claim takes its jobs from the commit on); false when it was paused already.</summary>
    ValueTask<bool> QueuePauseAsync(string queue);

    /// <summary>Resumes a paused queue (its queue is available again); false when it was not paused.</summary>
    ValueTask<bool> QueueResumeAsync(string queue);

    /// <summary>Every queue with waiting or running jobs or a row in the queue table, by name.</summary>
    ValueTask<IReadOnlyList<QueueInfo>> QueueListAsync();

    // Limits.

    /// <summary>
    /// Locks the active limits applying to a claimer of <paramref name="queues"/> (scope, name order) and reads them as
    /// they are now, with the clock their buckets are computed for.
    /// </summary>
    ValueTask<LimitStates> LimitStateListAsync(IReadOnlyList<string> queues);

    /// <summary>The runnable limited jobs of <paramref name="queues"/> outside blocked limits, in claim order, locked (skipping rows others hold).</summary>
    ValueTask<IReadOnlyList<LimitCandidate>> LimitCandidateListAsync(IReadOnlyList<string> queues, LimitPlan plan, int limit);

    /// <summary>Writes buckets back: their level as of <paramref name="now"/>.</summary>
    ValueTask LimitTokenSetManyAsync(IReadOnlyList<TokenWrite> writes, DateTimeOffset now);

    /// <summary>How long until the next scheduled job under an active limit falls due; null when none.</summary>
    ValueTask<TimeSpan?> LimitNextRunDelayAsync(IReadOnlyList<string> queues, LimitPlan plan);

    /// <summary>Whether a due job of <paramref name="queues"/> waits under an active limit (no locks).</summary>
    ValueTask<bool> LimitWaitingExistsAsync(IReadOnlyList<string> queues);

    /// <summary>Sets a rate limit; a new rate starts with a full bucket.</summary>
    ValueTask<bool> LimitRateSetAsync(LimitScope scope, string name, RateLimit rate);

    /// <summary>Clears a rate limit; false when there was none.</summary>
    ValueTask<bool> LimitRateClearAsync(LimitScope scope, string name);

    /// <summary>Sets a concurrency limit.</summary>
    ValueTask<bool> LimitConcurrencySetAsync(LimitScope scope, string name, int maxRunning);

    /// <summary>Clears a concurrency limit; false when there was none.</summary>
    ValueTask<bool> LimitConcurrencyClearAsync(LimitScope scope, string name);

    /// <summary>Upserts declared limits (rewriting one only when its declaration changed); returns how many changed.</summary>
    ValueTask<int> LimitDeclareManyAsync(IReadOnlyList<LimitDeclaration> limits);

    /// <summary>Every stored limit with its running jobs, by scope and name.</summary>
    ValueTask<IReadOnlyList<JobLimit>> LimitListAsync();

    // Schedules.

    /// <summary>Inserts new schedules and updates changed ones (a changed timing restarts at the given next run); returns how many changed.</summary>
    ValueTask<int> ScheduleUpsertManyAsync(IReadOnlyList<ScheduleUpsert> schedules);

    /// <summary>Due enabled schedules as of <paramref name="now"/>, locked for this transaction (skipping those another beat holds).</summary>
    ValueTask<IReadOnlyList<DueSchedule>> ScheduleDueListAsync(DateTimeOffset now, int limit);

    /// <summary>Moves schedules to their next slots, recording the jobs they fired.</summary>
    ValueTask ScheduleAdvanceManyAsync(IReadOnlyList<ScheduleAdvance> advances);

    /// <summary>How long until the earliest enabled schedule is due; null when none is.</summary>
    ValueTask<TimeSpan?> ScheduleNextDueDelayAsync();

    /// <summary>All schedules, by name.</summary>
    ValueTask<IReadOnlyList<ScheduleInfo>> ScheduleListAsync();

    /// <summary>Deletes a schedule; false when there was none.</summary>
    ValueTask<bool> ScheduleDeleteAsync(string name);

    /// <summary>Enables or disables a schedule; false when there was none.</summary>
    ValueTask<bool> ScheduleEnabledSetAsync(string name, bool enabled);

    // Workflows (see WorkflowRelease): a waiting job is only changed while it still waits, so steps may run concurrently.

    /// <summary>Inserts a workflow's groups and jobs.</summary>
    ValueTask WorkflowInsertAsync(WorkflowPlan plan);

    /// <summary>
    /// For jobs just recorded SUCCESS (each given once): releases their waiting dependents, revokes their waiting
    /// errbacks and decrements their groups' counters under the group rows' locks.
    /// </summary>
    ValueTask<SucceededStep> WorkflowSucceededManyAsync(IReadOnlyList<Guid> ids);

    /// <summary>Releases the jobs waiting for these completed groups with the members' results in member order (a statement of its own, so it sees every member's committed result).</summary>
    ValueTask WorkflowGroupReleaseManyAsync(IReadOnlyList<Guid> groupIds);

    /// <summary>For jobs now FAILURE or REVOKED: releases their errbacks and fails what waits for them (ChainError, ChordError); returns the jobs it failed.</summary>
    ValueTask<IReadOnlyList<Guid>> WorkflowFailedManyAsync(IReadOnlyList<Guid> ids);

    /// <summary>Failed or revoked jobs that still have waiting dependents (they ended outside a completion).</summary>
    ValueTask<IReadOnlyList<Guid>> WorkflowStrandedListAsync(int limit);

    /// <summary>Revokes every unfinished job sharing the root of <paramref name="memberId"/>; returns their ids.</summary>
    ValueTask<IReadOnlyList<Guid>> WorkflowRevokeAsync(Guid memberId, string reason, bool terminate);

    /// <summary>Deletes up to <paramref name="limit"/> group counters whose workflows are gone or finished past the TTL.</summary>
    ValueTask<int> WorkflowGroupPruneManyAsync(TimeSpan resultTtl, int limit);

    // Workers (monitoring): the workers table. All times are the database clock's.

    /// <summary>Inserts or replaces the worker's row: started and heartbeat now, not stopped.</summary>
    ValueTask WorkerRegisterAsync(WorkerRegistration worker);

    /// <summary>Sets heartbeat_at to now with the worker's current figures; false when its row is missing or stopped.</summary>
    ValueTask<bool> WorkerHeartbeatAsync(WorkerRegistration worker, WorkerLoad load);

    /// <summary>Marks the worker stopped now.</summary>
    ValueTask WorkerStopAsync(string worker);

    /// <summary>
    /// Marks stopped the workers whose last heartbeat is older than three of their intervals and returns their names
    /// (each once); deletes rows stopped longer than <paramref name="forgetAfter"/>.
    /// </summary>
    ValueTask<IReadOnlyList<string>> WorkerSweepAsync(TimeSpan forgetAfter);

    /// <summary>Workers by name; stopped ones too when <paramref name="includeStopped"/>.</summary>
    ValueTask<IReadOnlyList<WorkerInfo>> WorkerListAsync(bool includeStopped);

    // Events (monitoring): ids are assigned by the table and commit in id order, so a follower never skips one.

    /// <summary>Inserts events in one transaction (their timestamps are the emitters').</summary>
    ValueTask EventInsertManyAsync(IReadOnlyList<JobEvent> events);

    /// <summary>Events with id greater than <paramref name="afterId"/>, by id, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<JobEvent>> EventListAsync(long afterId, int limit);

    /// <summary>The newest event id (0 when none).</summary>
    ValueTask<long> EventLastIdAsync();

    /// <summary>Deletes events older than <paramref name="olderThan"/> (event time); returns how many.</summary>
    ValueTask<int> EventPruneAsync(TimeSpan olderThan);

    // Remote control (monitoring): requests commit in id order, like events.

    /// <summary>Stores a request expiring after <paramref name="ttl"/>; returns its id.</summary>
    ValueTask<long> ControlSendAsync(string command, string argsJson, string? destination, TimeSpan ttl);

    /// <summary>Unexpired requests with id greater than <paramref name="afterId"/> addressed to everyone or to <paramref name="worker"/>, by id.</summary>
    ValueTask<IReadOnlyList<ControlRequest>> ControlListAsync(long afterId, string worker);

    /// <summary>The newest request id (0 when none).</summary>
    ValueTask<long> ControlLastIdAsync();

    /// <summary>Stores a worker's reply to a request.</summary>
    ValueTask ControlReplyInsertAsync(long requestId, string worker, string replyJson);

    /// <summary>The replies to a request so far, by worker name.</summary>
    ValueTask<IReadOnlyList<WorkerReply>> ControlReplyListAsync(long requestId);

    /// <summary>Deletes expired requests and their replies; returns how many requests.</summary>
    ValueTask<int> ControlPruneAsync();

    // Reports: the reporting views (run in one snapshot, see IStoreDriver.InSnapshotAsync).

    /// <summary>Finished jobs per minute, queue and task since <paramref name="since"/> (null: all).</summary>
    ValueTask<IReadOnlyList<ThroughputRow>> ReportThroughputListAsync(DateTimeOffset? since);

    /// <summary>Run and wait time percentiles per queue and task of jobs finished since <paramref name="since"/> (null: all).</summary>
    ValueTask<IReadOnlyList<TaskRuntimeRow>> ReportRuntimeListAsync(DateTimeOffset? since);

    /// <summary>Queue depths now.</summary>
    ValueTask<IReadOnlyList<QueueDepthRow>> ReportQueueListAsync();
}

/// <summary>What <see cref="IStoreExecutor.WorkflowSucceededManyAsync"/> did: errbacks it revoked, groups it completed.</summary>
internal sealed record SucceededStep(IReadOnlyList<Guid> Revoked, IReadOnlyList<Guid> CompletedGroups)
{
    public static readonly SucceededStep None = new([], []);
}

/// <summary>What <see cref="IStoreExecutor.JobInsertUniqueAsync"/> found: whether it inserted, and who holds the key after.</summary>
internal readonly record struct UniqueInsert(bool Inserted, Guid? Holder);

/// <summary>The locked active limits and the database clock they were read at.</summary>
internal sealed record LimitStates(IReadOnlyList<LimitState> States, DateTimeOffset Now);

/// <summary>A schedule to declare, with the first slot to run when it is new or its timing changed.</summary>
internal sealed record ScheduleUpsert(ScheduleDefinition Definition, DateTimeOffset? NextRunAt);

/// <summary>A due schedule and the slot it is due for.</summary>
internal sealed record DueSchedule(ScheduleDefinition Definition, DateTimeOffset Slot);

/// <summary>A schedule's next slot (null: none left), and the job it fired now (null: skipped).</summary>
internal sealed record ScheduleAdvance(string Name, DateTimeOffset? NextRunAt, DateTimeOffset? FiredAt, Guid? JobId);
