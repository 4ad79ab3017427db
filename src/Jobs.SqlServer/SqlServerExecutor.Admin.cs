using System.Data;
using System.Text.Json;
using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask<IReadOnlyList<JobInfo>> JobListAsync(JobFilter filter)
    {
        var states = filter.StateList;
        var failedOnly = states is { Length: > 0 } && states.All(s => s is JobState.Failure or JobState.Revoked);
        using var cmd = Command(failedOnly ? _sql.JobListFailed : _sql.JobList);
        // The UUIDv7 bounds in RFC byte order, the order of id_order (see migration 1).
        Add(cmd, "id_from", SqlDbType.Binary, filter.IdFrom.ToByteArray(bigEndian: true), 16);
        Add(cmd, "id_before", SqlDbType.Binary, filter.IdBefore.ToByteArray(bigEndian: true), 16);
        Add(cmd, "states", SqlDbType.NVarChar, states is null ? null : SqlJson.Strings(states), -1);
        Text(cmd, "queue", filter.Queue);
        Text(cmd, "task", filter.Task);
        var arg = ArgumentMatch.From(filter);
        Add(cmd, "arg_parent", SqlDbType.NVarChar, arg?.Parent, 4000);
        Add(cmd, "arg_key", SqlDbType.NVarChar, arg?.Key, 4000);
        Add(cmd, "arg_type", SqlDbType.TinyInt, arg?.Type);
        Add(cmd, "arg_text", SqlDbType.NVarChar, arg?.Text, -1);
        Int(cmd, "limit", filter.Limit);
        var jobs = new List<JobInfo>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }

    public async ValueTask<IReadOnlyList<QueueStats>> JobCountByQueueAsync()
    {
        using var cmd = Command(_sql.JobCountByQueue);
        var stats = new List<QueueStats>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            stats.Add(new QueueStats(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return stats;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobRetryManyAsync(IReadOnlyList<Guid>? ids)
    {
        using var cmd = Command(_sql.JobRetryMany);
        Bit(cmd, "all_failed", ids is null);
        Json(cmd, "ids", SqlJson.Ids(ids ?? []));
        var retried = new List<Guid>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            retried.Add(r.GetGuid(0));
            Changes.QueueAvailable(r.GetString(1));
        }
        return retried;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobRevokeManyAsync(IReadOnlyList<Guid> ids, string reason, bool terminate)
    {
        using var cmd = Command(_sql.JobRevokeMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        Text(cmd, "reason", reason, -1);
        Bit(cmd, "terminate", terminate);
        var revoked = await ReadIdsAsync(cmd).ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked;
    }

    public async ValueTask<IReadOnlyList<Guid>> JobDeleteManyAsync(IReadOnlyList<Guid> ids)
    {
        using var cmd = Command(_sql.JobDeleteMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JobRelative>> JobRelativeListAsync(Guid id)
    {
        using var cmd = Command(_sql.JobRelativeList);
        Add(cmd, "id", SqlDbType.UniqueIdentifier, id);
        var relatives = new List<JobRelative>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) relatives.Add(new JobRelative(r.GetString(24), JobRows.ReadJob(r)));
        return relatives;
    }

    public async ValueTask<int> JobDeleteWaitingAsync(string? queue)
    {
        using var cmd = Command(_sql.JobDeleteWaiting);
        Text(cmd, "queue", queue);
        return await CountAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<int> JobDeleteFinishedAsync(string? queue, DateTimeOffset before)
    {
        using var cmd = Command(_sql.JobDeleteFinished);
        Text(cmd, "queue", queue);
        Time(cmd, "before", before);
        return await CountAsync(cmd).ConfigureAwait(false);
    }

    /// <summary>
    /// The argument filter of job_list.sql in OPENJSON's terms: the value's parent object as a JSON path, its property
    /// name, and the JSON type (0 null, 1 string, 2 number, 3 boolean, 4 array, 5 object) and text OPENJSON reports for it.
    /// </summary>
    private sealed record ArgumentMatch(string Parent, string Key, byte Type, string? Text)
    {
        public static ArgumentMatch? From(JobFilter filter)
        {
            if (filter.ArgPath is not { Count: > 0 } path || filter.ArgValueJson is not { } json) return null;
            var parent = "$" + string.Concat(path.Take(path.Count - 1).Select(p => "." + JsonSerializer.Serialize(p)));
            using var doc = JsonDocument.Parse(json);
            var value = doc.RootElement;
            return value.ValueKind switch
            {
                JsonValueKind.Null => new(parent, path[^1], 0, null),
                JsonValueKind.String => new(parent, path[^1], 1, value.GetString()),
                JsonValueKind.Number => new(parent, path[^1], 2, value.GetRawText()),
                JsonValueKind.True or JsonValueKind.False => new(parent, path[^1], 3, value.GetRawText()),
                JsonValueKind.Array => new(parent, path[^1], 4, value.GetRawText()),
                _ => new(parent, path[^1], 5, value.GetRawText()),
            };
        }
    }
}
