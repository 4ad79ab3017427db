using Jobs.Storage;

namespace Jobs;

/// <summary>A handle on a job's state and result (Celery's AsyncResult).</summary>
public sealed class AsyncResult
{
    private readonly IJobStore _store;
    private readonly ResultWaiter _waiter;
    private readonly JobSerializer _serializer;

    internal AsyncResult(Guid id, IJobStore store, ResultWaiter waiter, JobSerializer serializer)
    {
        Id = id; _store = store; _waiter = waiter; _serializer = serializer;
    }

    /// <summary>The job id (UUIDv7).</summary>
    public Guid Id { get; }

    /// <summary>Reads the job; null when no job has this id (e.g. pruned, or never enqueued).</summary>
    public async Task<JobInfo?> GetInfoAsync(CancellationToken cancellationToken = default)
        => (await _store.GetJobsAsync([Id], cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>
    /// The job's history: every ended attempt (SUCCESS, FAILURE, RETRY or REVOKED) with its error, traceback, worker
    /// and times, by attempt number. A running attempt appears once it ends. Empty for unknown or pruned jobs.
    /// </summary>
    public Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(CancellationToken cancellationToken = default)
        => _store.GetAttemptsAsync(Id, cancellationToken);

    /// <summary>
    /// The job whose result released this one (Celery's <c>parent</c>): a chain's previous step, or the job a link or
    /// link_error callback watched. Null for a job that waited for nothing or for a group (a chord callback: see
    /// <see cref="JobInfo.ParentGroupId"/>), and for unknown or pruned jobs. Walk a chain back with it.
    /// </summary>
    public async Task<AsyncResult?> GetParentAsync(CancellationToken cancellationToken = default)
        => (await GetInfoAsync(cancellationToken).ConfigureAwait(false))?.ParentId is { } parent ? Related(parent) : null;

    /// <summary>
    /// The jobs this one's end releases (Celery's <c>children</c>): a chain's next step, its link and link_error
    /// callbacks, oldest first. Empty for a job nothing waits for, or an unknown one.
    /// </summary>
    public async Task<IReadOnlyList<AsyncResult>> GetChildrenAsync(CancellationToken cancellationToken = default)
        => [.. (await _store.GetRelativesAsync(Id, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Relation == JobRelative.ChildRelation).Select(r => Related(r.Job.Id))];

    private AsyncResult Related(Guid id) => new(id, _store, _waiter, _serializer);

    /// <summary>The Celery state: PENDING for unknown ids and for jobs scheduled in the future.</summary>
    public async Task<string> GetStateAsync(CancellationToken cancellationToken = default)
        => JobState.ToCelery((await GetInfoAsync(cancellationToken).ConfigureAwait(false))?.State);

    /// <summary>Waits until the job is SUCCESS, FAILURE or REVOKED, woken by the store's completion signal.</summary>
    /// <exception cref="TimeoutException">The job did not finish within <paramref name="timeout"/>.</exception>
    public Task<JobInfo> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        => _waiter.WaitAsync(Id, timeout, cancellationToken);

    /// <summary>Waits for the job and returns its result (Celery's <c>get()</c>).</summary>
    /// <exception cref="JobFailedException">The job ended in FAILURE or REVOKED.</exception>
    /// <exception cref="TimeoutException">The job did not finish in time.</exception>
    public async Task<T?> GetAsync<T>(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var job = await WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (job.State != JobState.Success) throw new JobFailedException(job);
        return job.Result is null ? default : _serializer.Deserialize<T>(job.Task, job.Result);
    }

    /// <summary>
    /// Revokes the job (Celery's <c>revoke()</c>): a waiting job never starts; a running one is cancelled through its
    /// token at its worker's next heartbeat, and its result is not recorded. The job ends REVOKED with
    /// <paramref name="reason"/> as its error. With <paramref name="terminate"/> a running job's process is killed when it
    /// runs in the process pool (<c>jobs worker -P process</c>); other pools cancel it cooperatively either way.
    /// Returns false when the job had already finished or does not exist.
    /// </summary>
    public async Task<bool> RevokeAsync(string reason = "revoked", bool terminate = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return (await _store.RevokeAsync([Id], reason, terminate, cancellationToken).ConfigureAwait(false)).Count == 1;
    }

    /// <summary>
    /// Revokes every unfinished job of the workflow this job belongs to (same root_id; a job enqueued on its own is
    /// its own workflow). Returns the ids revoked.
    /// </summary>
    public Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(string reason = "revoked", bool terminate = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return _store.RevokeWorkflowAsync(Id, reason, terminate, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => Id.ToString();
}
