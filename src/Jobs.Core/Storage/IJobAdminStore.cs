namespace Jobs.Storage;

/// <summary>Administration of jobs and queues (the <c>jobs</c> console, <see cref="JobAdmin"/>, dashboards).</summary>
internal interface IJobAdminStore
{
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
    /// Deletes jobs of <paramref name="queue"/> (all queues when null): waiting jobs (SCHEDULED, PENDING, RETRY) as
    /// Celery's purge does, or, when <paramref name="finishedBefore"/> is given, finished jobs that finished before it.
    /// Returns how many were deleted.
    /// </summary>
    Task<int> PurgeAsync(string? queue, DateTimeOffset? finishedBefore, CancellationToken ct);


    /// <summary>Pauses a queue: no worker anywhere claims its jobs until it is resumed. False when it was paused already.</summary>
    Task<bool> PauseQueueAsync(string queue, CancellationToken ct);

    /// <summary>Resumes a paused queue and wakes the workers as an enqueue does. False when it was not paused.</summary>
    Task<bool> ResumeQueueAsync(string queue, CancellationToken ct);

    /// <summary>Every known queue (with waiting or running jobs, or ever paused), by name.</summary>
    Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken ct);

    /// <summary>Deletes jobs by id, except running ones (revoke those first); returns the ids deleted.</summary>
    Task<IReadOnlyList<Guid>> DeleteAsync(IReadOnlyList<Guid> ids, CancellationToken ct);

    /// <summary>The workflow relatives of a job (parent, children, group members, callbacks, root).</summary>
    Task<IReadOnlyList<JobRelative>> GetRelativesAsync(Guid id, CancellationToken ct);
}
