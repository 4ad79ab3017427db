using System.Text.Json;
using Jobs.Storage;

namespace Jobs;

/// <summary>The members of an applied group, in member order (Celery's GroupResult).</summary>
public sealed class GroupResult
{
    private readonly IJobStore _store;
    private readonly JobSerializer _serializer;

    internal GroupResult(Guid id, IReadOnlyList<AsyncResult> results, IJobStore store, JobSerializer serializer)
    {
        Id = id; Results = results; _store = store; _serializer = serializer;
    }

    internal JobSerializer Serializer => _serializer;

    /// <summary>The group id (job.group_id of its members, table job_group).</summary>
    public Guid Id { get; }

    /// <summary>One handle per member, in member order: the member's final job (for a chain member, its last step).</summary>
    public IReadOnlyList<AsyncResult> Results { get; }

    /// <summary>Waits until every member is SUCCESS, FAILURE or REVOKED; returns them in member order.</summary>
    /// <exception cref="TimeoutException">Not all members finished within <paramref name="timeout"/>.</exception>
    public async Task<IReadOnlyList<JobInfo>> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        var jobs = new List<JobInfo>(Results.Count);
        foreach (var r in Results)
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Group {Id} did not finish within {timeout}.");
            jobs.Add(await r.WaitAsync(left, cancellationToken).ConfigureAwait(false));
        }
        return jobs;
    }

    /// <summary>Waits for every member and returns their results in member order (Celery's <c>join()</c>).</summary>
    /// <exception cref="JobFailedException">A member ended in FAILURE or REVOKED (the first one in member order).</exception>
    public async Task<IReadOnlyList<T?>> GetAsync<T>(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var jobs = await WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return jobs.Select(j => j.State == JobState.Success
            ? (j.Result is null ? default : JsonSerializer.Deserialize<T>(j.Result, _serializer.Options))
            : throw new JobFailedException(j)).ToList();
    }

    /// <summary>How many members have succeeded (Celery's <c>completed_count()</c>).</summary>
    public async Task<int> CompletedCountAsync(CancellationToken cancellationToken = default)
        => (await _store.GetJobsAsync(Results.Select(r => r.Id).ToList(), cancellationToken).ConfigureAwait(false))
            .Count(j => j.State == JobState.Success);

    /// <summary>
    /// Revokes the members that have not finished (and, through them, the jobs waiting for them: those fail with
    /// ChainError/ChordError). Returns the ids revoked.
    /// </summary>
    public Task<IReadOnlyList<Guid>> RevokeAsync(string reason = "revoked", bool terminate = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return _store.RevokeAsync(Results.Select(r => r.Id).ToList(), reason, terminate, cancellationToken);
    }

    /// <inheritdoc />
    public override string ToString() => Id.ToString();
}
