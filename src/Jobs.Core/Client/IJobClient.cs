using System.Data.Common;

namespace Jobs;

/// <summary>Enqueues jobs and reads their results.</summary>
public interface IJobClient
{
    /// <summary>Enqueues one job and returns at once; the id is known before the insert.</summary>
    /// <param name="task">A registered task name (or one declared with <c>AddRemoteTask</c>).</param>
    /// <param name="args">Arguments, serialized to JSON; a string is taken as ready-made JSON.</param>
    Task<AsyncResult> EnqueueAsync(string task, object? args = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues one job inside the caller's transaction: the job exists if and only if the caller commits.</summary>
    Task<AsyncResult> EnqueueAsync(DbTransaction transaction, string task, object? args = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues one job on the caller's open connection (joining its current transaction, if any).</summary>
    Task<AsyncResult> EnqueueAsync(DbConnection connection, string task, object? args = null, EnqueueOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Enqueues many jobs in one batch (COPY on PostgreSQL).</summary>
    Task<IReadOnlyList<AsyncResult>> EnqueueManyAsync(IEnumerable<JobRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>Enqueues many jobs inside the caller's transaction.</summary>
    Task<IReadOnlyList<AsyncResult>> EnqueueManyAsync(DbTransaction transaction, IEnumerable<JobRequest> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a workflow (signature, chain, group, chord, with links and errbacks): inserts every job of it, and a
    /// counter row per group, in one transaction. Jobs that wait for others are released (or failed) in the transaction
    /// that records what they wait for. See README "Workflows (canvas)".
    /// </summary>
    Task<WorkflowResult> ApplyAsync(Canvas canvas, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a workflow with <paramref name="input"/> given to its first jobs (the first step of a chain, every member
    /// of a first group or chord header) as a result before them would be: prepended to a call's positional arguments,
    /// replacing other arguments, ignored by immutable signatures. Celery's <c>c1 = add.s(4) | mul.s(8); c1(16)</c> is
    /// <c>ApplyAsync(Call("add", 4).Then(Call("mul", 8)), 16)</c>.
    /// </summary>
    /// <param name="input">The value (JSON-serializable; a string is taken as ready-made JSON).</param>
    Task<WorkflowResult> ApplyAsync(Canvas canvas, object? input, CancellationToken cancellationToken = default);

    /// <summary>A handle on a job by id (it need not exist: unknown ids read as PENDING, as in Celery).</summary>
    AsyncResult GetResult(Guid id);

    /// <summary>Reads jobs by id in one round trip; unknown ids are absent.</summary>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);
}
