using System.Data.Common;
using Jobs.Beat;
using Jobs.Limits;
using Jobs.Unique;

namespace Jobs.Storage;

/// <summary>
/// The store as the engine sees it, written once over any <see cref="IStoreDriver"/>: each operation is a statement
/// of the driver or a flow of them in one transaction, and what the writes changed is sent as wake-ups after they
/// commit (inside a caller's transaction: with it). The hot path stays one round trip per batch: claim, finish,
/// extend leases and bulk insert are single statements.
/// </summary>
internal sealed class JobStore(IStoreDriver driver, PayloadOptions? payloads = null) : IJobStore, IJobAdminStore, IScheduleStore, ILimitStore
{
    /// <summary>Decodes jobs read for the client, admin and console (arguments and results of other codecs).</summary>
    private readonly Jobs.Payloads.PayloadEnvelope _envelope = new(payloads ?? new PayloadOptions());

    public IStoreDriver Driver { get; } = driver;
    public StoreCapabilities Capabilities => Driver.Capabilities;
    public StoreSignals Signals => Driver.Signals;
    public void StartSignals() => Driver.StartSignals();

    /// <summary>Runs statements that each commit on their own, then sends what they changed.</summary>
    public async Task<T> ExecuteAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
    {
        var changes = new StoreChanges();
        var result = await Driver.ExecuteAsync(changes, work, ct).ConfigureAwait(false);
        Driver.Wakeups.Send(changes);
        return result;
    }

    /// <summary>Runs statements in one transaction, then sends what they changed.</summary>
    public async Task<T> InTransactionAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
    {
        var changes = new StoreChanges();
        var result = await Driver.InTransactionAsync(changes, work, ct).ConfigureAwait(false);
        Driver.Wakeups.Send(changes);
        return result;
    }

    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        var unique = jobs.Any(j => j.Unique is not null);
        IReadOnlyList<Guid> ids = jobs.Select(j => j.Id).ToList();
        async ValueTask<IReadOnlyList<Guid>> Insert(IStoreExecutor x)
        {
            if (unique) return await UniqueEnqueue.InsertAsync(x, jobs).ConfigureAwait(false);
            await x.JobInsertManyAsync(jobs).ConfigureAwait(false);
            return ids;
        }
        if (connection is null) return unique ? await InTransactionAsync(Insert, ct).ConfigureAwait(false) : await ExecuteAsync(Insert, ct).ConfigureAwait(false);

        EnqueueGuard.CheckConnection(connection, transaction);
        var changes = new StoreChanges();
        var result = await Driver.OnConnectionAsync(connection, transaction, changes, async x =>
        {
            var inserted = await Insert(x).ConfigureAwait(false);
            if (transaction is not null) await Driver.Wakeups.SendWithinAsync(x, changes).ConfigureAwait(false); // delivered at the caller's commit
            return inserted;
        }, ct).ConfigureAwait(false);
        if (transaction is null) Driver.Wakeups.Send(changes);
        return result;
    }

    public Task ApplyWorkflowAsync(WorkflowPlan plan, CancellationToken ct) => ExecuteAsync(async x =>
    {
        await x.WorkflowInsertAsync(plan).ConfigureAwait(false);
        return true;
    }, ct);

    public Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(Guid memberId, string reason, bool terminate, CancellationToken ct) => InTransactionAsync(async x =>
    {
        var revoked = await x.WorkflowRevokeAsync(memberId, reason, terminate).ConfigureAwait(false);
        if (revoked.Count > 0) await WorkflowRelease.RunAsync(x, [], revoked).ConfigureAwait(false);
        return revoked;
    }, ct);

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(ClaimRequest request, CancellationToken ct) => ExecuteAsync(x => x.JobClaimManyAsync(request), ct);

    public Task<LimitedClaim> ClaimLimitedAsync(ClaimRequest request, CancellationToken ct) => InTransactionAsync(x => LimitedClaimer.ClaimAsync(x, request), ct);

    public Task<bool> HasLimitedWorkAsync(IReadOnlyList<string> queues, CancellationToken ct) => ExecuteAsync(x => x.LimitWaitingExistsAsync(queues), ct);

    public Task<TimeSpan?> NextRunDelayAsync(IReadOnlyList<string> queues, CancellationToken ct) => ExecuteAsync(x => x.JobNextRunDelayAsync(queues), ct);

    // Outcomes of standalone jobs (the common case: no workflow step waits for them) are one autocommit statement;
    // outcomes of workflow jobs and the steps they release share one transaction (see WorkflowRelease).
    public Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return Task.FromResult<IReadOnlyList<Guid>>([]);
        if (outcomes.All(o => o.Standalone)) return ExecuteAsync(x => x.JobFinishManyAsync(worker, outcomes), ct);
        return InTransactionAsync(async x =>
        {
            var written = await x.JobFinishManyAsync(worker, outcomes).ConfigureAwait(false);
            var (succeeded, failed) = JobOutcome.Ended(outcomes, written as IReadOnlyCollection<Guid> ?? written.ToList());
            if (succeeded.Count + failed.Count > 0) await WorkflowRelease.RunAsync(x, succeeded, failed).ConfigureAwait(false);
            return written;
        }, ct);
    }

    public Task<IReadOnlyList<HeldJob>> ExtendLeasesAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease, CancellationToken ct)
        => jobs.Count == 0 ? Task.FromResult<IReadOnlyList<HeldJob>>([]) : ExecuteAsync(x => x.JobLeaseExtendManyAsync(worker, jobs, lease), ct);

    public Task<int> ReleaseAsync(string worker, IReadOnlyList<HeldJob> jobs, CancellationToken ct)
        => jobs.Count == 0 ? Task.FromResult(0) : ExecuteAsync(x => x.JobReleaseManyAsync(worker, jobs), ct);

    // With the workflow sweep: jobs rescued as FAILURE (and jobs expired at claim) fail or release what waits for them.
    public Task<int> RescueAsync(int limit, CancellationToken ct) => InTransactionAsync(async x =>
    {
        var rescued = await x.JobRescueManyAsync(limit).ConfigureAwait(false);
        await WorkflowRelease.SweepAsync(x, WorkflowRelease.StrandedBatch).ConfigureAwait(false);
        return rescued;
    }, ct);

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => ExecuteAsync(async x =>
    {
        var pruned = await x.JobPruneManyAsync(resultTtl, limit).ConfigureAwait(false);
        await x.WorkflowGroupPruneManyAsync(resultTtl, limit).ConfigureAwait(false);
        return pruned;
    }, ct);

    public Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(Guid id, CancellationToken ct) => ExecuteAsync(x => x.JobAttemptListAsync(id), ct);

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
        => ids.Count == 0 ? Task.FromResult<IReadOnlyList<JobInfo>>([]) : ExecuteAsync(async x => Decoded(await x.JobGetManyAsync(ids).ConfigureAwait(false)), ct);

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(JobFilter filter, CancellationToken ct)
        => ExecuteAsync(async x => Decoded(await x.JobListAsync(filter).ConfigureAwait(false)), ct);

    private IReadOnlyList<JobInfo> Decoded(IReadOnlyList<JobInfo> jobs)
    {
        List<JobInfo>? decoded = null;
        for (var i = 0; i < jobs.Count; i++)
        {
            var j = jobs[i];
            if (j.Payload is null && j.ResultPayload is null) continue;
            decoded ??= [.. jobs];
            decoded[i] = _envelope.Read(j);
        }
        return decoded ?? jobs;
    }

    public Task<IReadOnlyList<QueueStats>> GetQueueStatsAsync(CancellationToken ct) => ExecuteAsync(x => x.JobCountByQueueAsync(), ct);

    public Task<IReadOnlyList<Guid>> RetryAsync(IReadOnlyList<Guid>? ids, CancellationToken ct)
        => ids is { Count: 0 } ? Task.FromResult<IReadOnlyList<Guid>>([]) : ExecuteAsync(x => x.JobRetryManyAsync(ids), ct);

    // With the workflow steps in the same transaction: what waits for a revoked job fails (or, for errbacks, runs).
    public Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct)
        => ids.Count == 0 ? Task.FromResult<IReadOnlyList<Guid>>([]) : InTransactionAsync(async x =>
        {
            var revoked = await x.JobRevokeManyAsync(ids, reason, terminate).ConfigureAwait(false);
            if (revoked.Count > 0) await WorkflowRelease.RunAsync(x, [], revoked).ConfigureAwait(false);
            return revoked;
        }, ct);

    public Task<int> PurgeAsync(string? queue, DateTimeOffset? finishedBefore, CancellationToken ct)
        => ExecuteAsync(x => finishedBefore is { } before ? x.JobDeleteFinishedAsync(queue, before) : x.JobDeleteWaitingAsync(queue), ct);

    public Task<IReadOnlyList<Guid>> DeleteAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
        => ids.Count == 0 ? Task.FromResult<IReadOnlyList<Guid>>([]) : ExecuteAsync(x => x.JobDeleteManyAsync(ids), ct);

    public Task<IReadOnlyList<JobRelative>> GetRelativesAsync(Guid id, CancellationToken ct) => ExecuteAsync(x => x.JobRelativeListAsync(id), ct);

    public Task<bool> PauseQueueAsync(string queue, CancellationToken ct) => ExecuteAsync(x => x.QueuePauseAsync(queue), ct);

    public Task<bool> ResumeQueueAsync(string queue, CancellationToken ct) => ExecuteAsync(x => x.QueueResumeAsync(queue), ct);

    public Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken ct) => ExecuteAsync(x => x.QueueListAsync(), ct);

    public Task<int> UpsertSchedulesAsync(IReadOnlyList<ScheduleDefinition> schedules, CancellationToken ct)
        => schedules.Count == 0 ? Task.FromResult(0) : InTransactionAsync(x => ScheduleFiring.DeclareAsync(x, schedules), ct);

    public Task<BeatRound> FireDueSchedulesAsync(BeatRequest request, CancellationToken ct) => InTransactionAsync(x => ScheduleFiring.FireDueAsync(x, request), ct);

    public Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken ct) => ExecuteAsync(x => x.ScheduleListAsync(), ct);

    public Task<bool> RemoveScheduleAsync(string name, CancellationToken ct) => ExecuteAsync(x => x.ScheduleDeleteAsync(name), ct);

    public Task<bool> SetScheduleEnabledAsync(string name, bool enabled, CancellationToken ct) => ExecuteAsync(x => x.ScheduleEnabledSetAsync(name, enabled), ct);

    public Task<bool> SetRateLimitAsync(LimitScope scope, string name, RateLimit? rate, CancellationToken ct)
        => ExecuteAsync(x => rate is { } r ? x.LimitRateSetAsync(scope, name, r) : x.LimitRateClearAsync(scope, name), ct);

    public Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken ct)
        => ExecuteAsync(x => maxRunning is { } max ? x.LimitConcurrencySetAsync(scope, name, max) : x.LimitConcurrencyClearAsync(scope, name), ct);

    // In (scope, name) order, so hosts declaring the same limits at once lock rows in one order (no deadlock).
    public Task<int> DeclareLimitsAsync(IReadOnlyList<LimitDeclaration> limits, CancellationToken ct)
        => limits.Count == 0 ? Task.FromResult(0) : InTransactionAsync(x => x.LimitDeclareManyAsync(
            limits.OrderBy(l => l.Scope).ThenBy(l => l.Name, StringComparer.Ordinal).ToList()), ct);

    public Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken ct) => ExecuteAsync(x => x.LimitListAsync(), ct);

    // The driver is the container's (registered as IStoreDriver), not this store's: the container disposes it after
    // everything that depends on it, e.g. the event recorder, which writes its last events through the driver when it
    // is disposed. Disposing the driver here instead ended it first whenever the recorder was created before this store.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() { }
}
