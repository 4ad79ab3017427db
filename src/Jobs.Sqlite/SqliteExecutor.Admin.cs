using Jobs.Storage;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask<IReadOnlyList<JobInfo>> JobListAsync(JobFilter filter) => Read<IReadOnlyList<JobInfo>>((c, tx) =>
    {
        using var cmd = Command(c, tx, FailedOnly(filter.StateList) ? _sql.JobListFailed : _sql.JobList);
        cmd.Parameters.AddWithValue("@id_from", filter.IdFrom.ToString());
        cmd.Parameters.AddWithValue("@id_before", filter.IdBefore.ToString());
        cmd.Parameters.AddWithValue("@states", filter.StateList is { } states ? JsonArray(states) : DBNull.Value);
        cmd.Parameters.AddWithValue("@arg_path", filter.ArgPath is { Count: > 0 } path && filter.ArgValueJson is not null ? JsonPath(path) : DBNull.Value);
        cmd.Parameters.AddWithValue("@arg_value", (object?)filter.ArgValueJson ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@arg_needle", filter.ArgPath is { Count: > 0 } && Needle(filter.ArgValueJson) is { } needle ? needle : DBNull.Value);
        cmd.Parameters.AddWithValue("@queue", (object?)filter.Queue ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@task", (object?)filter.Task ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@limit", filter.Limit);
        return ReadJobs(cmd);
    });

    public ValueTask<IReadOnlyList<QueueStats>> JobCountByQueueAsync() => Read<IReadOnlyList<QueueStats>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobCountByQueue);
        var stats = new List<QueueStats>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            stats.Add(new QueueStats(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return stats;
    });

    public ValueTask<IReadOnlyList<Guid>> JobRetryManyAsync(IReadOnlyList<Guid>? ids) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobRetryMany);
        cmd.Parameters.AddWithValue("@all_failed", ids is null);
        cmd.Parameters.AddWithValue("@ids", JsonIds(ids ?? []));
        var retried = new List<Guid>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            retried.Add(r.GetGuid(0));
            Changes.QueueAvailable(r.GetString(1));
        }
        return retried;
    });

    public ValueTask<IReadOnlyList<Guid>> JobRevokeManyAsync(IReadOnlyList<Guid> ids, string reason, bool terminate) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobRevokeMany);
        cmd.Parameters.AddWithValue("@ids", JsonIds(ids));
        cmd.Parameters.AddWithValue("@reason", reason);
        cmd.Parameters.AddWithValue("@terminate", terminate);
        var revoked = ReadIds(cmd);
        Changes.JobsEnded(revoked);
        return revoked;
    });

    public ValueTask<IReadOnlyList<Guid>> JobDeleteManyAsync(IReadOnlyList<Guid> ids) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobDeleteMany);
        cmd.Parameters.AddWithValue("@ids", JsonIds(ids));
        return ReadIds(cmd);
    });

    public ValueTask<IReadOnlyList<JobRelative>> JobRelativeListAsync(Guid id) => Read<IReadOnlyList<JobRelative>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobRelativeList);
        cmd.Parameters.AddWithValue("@id", id.ToString());
        var relatives = new List<JobRelative>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) relatives.Add(new JobRelative(r.GetString(24), JobRows.ReadJob(r)));
        return relatives;
    });

    public ValueTask<int> JobDeleteWaitingAsync(string? queue) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobDeleteWaiting);
        cmd.Parameters.AddWithValue("@queue", (object?)queue ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    });

    public ValueTask<int> JobDeleteFinishedAsync(string? queue, DateTimeOffset before) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobDeleteFinished);
        cmd.Parameters.AddWithValue("@queue", (object?)queue ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@before", SqliteTime.Format(before));
        return cmd.ExecuteNonQuery();
    });

    /// <summary>
    /// The text a job's arguments must contain to hold <paramref name="valueJson"/> (job_list.sql): the JSON itself when
    /// it is a number, true, false, null or a string of letters, digits and ' _.:@+-', which JSON writers do not
    /// escape; null otherwise (no pre-filter).
    /// </summary>
    internal static string? Needle(string? valueJson)
    {
        if (string.IsNullOrEmpty(valueJson)) return null;
        var inner = valueJson.Length >= 2 && valueJson[0] == '"' && valueJson[^1] == '"' ? valueJson.AsSpan(1, valueJson.Length - 2) : valueJson.AsSpan();
        foreach (var c in inner)
            if (!(char.IsAsciiLetterOrDigit(c) || c is ' ' or '_' or '.' or ':' or '@' or '+' or '-')) return null;
        return valueJson;
    }

    /// <summary>Whether a search asks only for FAILURE or REVOKED jobs (job_list.failed.sql: the failed-jobs index serves it).</summary>
    private static bool FailedOnly(string[]? states) => states is { Length: > 0 } && states.All(s => s is JobState.Failure or JobState.Revoked);

    /// <summary>A SQLite JSON path to the named properties: <c>$."customer"."name"</c> (quoted, so any name is safe).</summary>
    private static string JsonPath(IReadOnlyList<string> names)
        => "$" + string.Concat(names.Select(n => ".\"" + n.Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
}
