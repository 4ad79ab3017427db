using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask<IReadOnlyList<JobInfo>> JobListAsync(JobFilter filter)
    {
        // Planned for its parameters on every call (no auto-prepare): after five runs of a prepared statement the server
        // may switch to one generic plan, which cannot use the failed-jobs index or an opt-in GIN index on args (an
        // absent filter is `@x is null or ...`), so a rare argument value would read the whole table. Planning costs
        // well under a millisecond; see bench/ADMIN.md.
        await using var cmd = connection is null ? store.UnpreparedDataSource.CreateCommand(_sql.JobList) : Command(_sql.JobList);
        Add(cmd, "id_from", filter.IdFrom);
        Add(cmd, "id_before", filter.IdBefore);
        Add(cmd, "states", filter.StateList, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "args", ContainmentDocument(filter), NpgsqlDbType.Jsonb);
        Add(cmd, "queue", filter.Queue, NpgsqlDbType.Text);
        Add(cmd, "task", filter.Task, NpgsqlDbType.Text);
        Add(cmd, "limit", filter.Limit);
        var jobs = new List<JobInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }

    public async ValueTask<IReadOnlyList<QueueStats>> JobCountByQueueAsync()
    {
        await using var cmd = Command(_sql.JobCountByQueue);
        var stats = new List<QueueStats>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            stats.Add(new QueueStats(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return stats;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobRetryManyAsync(IReadOnlyList<Guid>? ids)
    {
        await using var cmd = Command(_sql.JobRetryMany);
        Add(cmd, "all_failed", ids is null);
        Add(cmd, "ids", (ids ?? []).ToArray());
        var retried = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            retried.Add(r.GetGuid(0));
            Changes.QueueAvailable(r.GetString(1));
        }
        return retried;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobRevokeManyAsync(IReadOnlyList<Guid> ids, string reason, bool terminate)
    {
        await using var cmd = Command(_sql.JobRevokeMany);
        Add(cmd, "ids", ids.ToArray());
        Add(cmd, "reason", reason);
        Add(cmd, "terminate", terminate);
        var revoked = await ReadIdsAsync(cmd).ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobDeleteManyAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(_sql.JobDeleteMany);
        Add(cmd, "ids", ids.ToArray());
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JobRelative>> JobRelativeListAsync(Guid id)
    {
        await using var cmd = Command(_sql.JobRelativeList);
        Add(cmd, "id", id);
        var relatives = new List<JobRelative>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) relatives.Add(new JobRelative(r.GetString(24), JobRows.ReadJob(r)));
        return relatives;
    }

    public async ValueTask<int> JobDeleteWaitingAsync(string? queue)
    {
        await using var cmd = Command(_sql.JobDeleteWaiting);
        Add(cmd, "queue", queue, NpgsqlDbType.Text);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<int> JobDeleteFinishedAsync(string? queue, DateTimeOffset before)
    {
        await using var cmd = Command(_sql.JobDeleteFinished);
        Add(cmd, "queue", queue, NpgsqlDbType.Text);
        Add(cmd, "before", before.UtcDateTime, NpgsqlDbType.TimestampTz);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The jsonb document <c>args @&gt;</c> tests for: the value nested under the path's names.</summary>
    private static string? ContainmentDocument(JobFilter filter)
    {
        if (filter.ArgPath is not { Count: > 0 } path || filter.ArgValueJson is not { } value) return null;
        var json = value;
        for (var i = path.Count - 1; i >= 0; i--) json = "{" + System.Text.Json.JsonSerializer.Serialize(path[i]) + ":" + json + "}";
        return json;
    }
}
