using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(JobFilter filter, CancellationToken ct) => Run<IReadOnlyList<JobInfo>>(async () =>
    {
        await using var cmd = Command(_sql.ListJobs);
        Add(cmd, "state", filter.State, NpgsqlDbType.Text);
        Add(cmd, "queue", filter.Queue, NpgsqlDbType.Text);
        Add(cmd, "task", filter.Task, NpgsqlDbType.Text);
        Add(cmd, "limit", filter.Limit);
        var jobs = new List<JobInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    });

    public Task<IReadOnlyList<QueueStats>> GetQueueStatsAsync(CancellationToken ct) => Run<IReadOnlyList<QueueStats>>(async () =>
    {
        await using var cmd = Command(_sql.QueueStats);
        var stats = new List<QueueStats>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            stats.Add(new QueueStats(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return stats;
    });

    public Task<IReadOnlyList<Guid>> RetryAsync(IReadOnlyList<Guid>? ids, CancellationToken ct) => Run<IReadOnlyList<Guid>>(async () =>
    {
        await using var cmd = Command(_sql.Retry);
        Add(cmd, "all_failed", ids is null);
        Add(cmd, "ids", (ids ?? []).ToArray());
        Add(cmd, "available_channel", _sql.AvailableChannel);
        return await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
    });

    // With the workflow steps in the same transaction: what waits for a revoked job fails (or, for errbacks, runs).
    public Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct) => InTransactionAsync<IReadOnlyList<Guid>>(async (conn, tx) =>
    {
        await using var cmd = Command(_sql.Revoke, conn, tx);
        Add(cmd, "ids", ids.ToArray());
        Add(cmd, "reason", reason);
        Add(cmd, "terminate", terminate);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        var revoked = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
        if (revoked.Count > 0) await WorkflowRelease.RunAsync(Steps(conn, tx, ct), [], revoked).ConfigureAwait(false);
        return revoked;
    }, ct);

    public Task<int> PurgeAsync(string? queue, DateTimeOffset? finishedBefore, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(finishedBefore is null ? _sql.PurgeWaiting : _sql.PurgeFinished);
        Add(cmd, "queue", queue, NpgsqlDbType.Text);
        if (finishedBefore is { } before) Add(cmd, "before", before.UtcDateTime, NpgsqlDbType.TimestampTz);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
