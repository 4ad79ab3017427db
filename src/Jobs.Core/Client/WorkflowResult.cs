using Jobs.Storage;

namespace Jobs;

/// <summary>
/// An applied workflow: its root (the first job; every job of it has this root_id), what it ends in (one job,
/// <see cref="Result"/>, or a group, <see cref="Group"/>), and every job id it inserted.
/// </summary>
public sealed class WorkflowResult
{
    private readonly IJobStore _store;

    internal WorkflowResult(Guid rootId, AsyncResult? result, GroupResult? group, IReadOnlyList<Guid> jobIds, IJobStore store)
    {
        Id = rootId; Result = result; Group = group; JobIds = jobIds; _store = store;
    }

    /// <summary>The root id: the workflow's first job (job.root_id of all its jobs).</summary>
    public Guid Id { get; }

    /// <summary>The final job (the last step of a chain, a chord's callback); null when the workflow ends in a group.</summary>
    public AsyncResult? Result { get; }

    /// <summary>The final group, when the workflow ends in one.</summary>
    public GroupResult? Group { get; }

    /// <summary>Every job the workflow inserted (callbacks and errbacks included), in creation order.</summary>
    public IReadOnlyList<Guid> JobIds { get; }

    /// <summary>
    /// Waits for the workflow's end and returns its result: the final job's result, or for a final group the members'
    /// results as one JSON array read as <typeparamref name="T"/>.
    /// </summary>
    /// <exception cref="JobFailedException">The final job (or a member of the final group) ended in FAILURE or REVOKED.</exception>
    public async Task<T?> GetAsync<T>(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (Result is not null) return await Result.GetAsync<T>(timeout, cancellationToken).ConfigureAwait(false);
        var jobs = await Group!.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (jobs.FirstOrDefault(j => j.State != JobState.Success) is { } failed) throw new JobFailedException(failed);
        var json = "[" + string.Join(",", jobs.Select(j => j.Result ?? "null")) + "]";
        return System.Text.Json.JsonSerializer.Deserialize<T>(json, Group.Serializer.Options);
    }

    /// <summary>
    /// Revokes every job of the workflow that has not finished (Celery's revoke of a workflow): waiting ones never
    /// run, running ones are cancelled as <see cref="AsyncResult.RevokeAsync"/> does. Returns the ids revoked.
    /// </summary>
    public Task<IReadOnlyList<Guid>> RevokeAsync(string reason = "revoked", bool terminate = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return _store.RevokeWorkflowAsync(Id, reason, terminate, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => Id.ToString();
}
