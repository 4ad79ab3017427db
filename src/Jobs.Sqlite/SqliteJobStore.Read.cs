using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return Task.FromResult<IReadOnlyList<JobInfo>>([]);
        return ReadAsync<IReadOnlyList<JobInfo>>(c =>
        {
            using var cmd = Command(c, null, _sql.GetJobs);
            cmd.Parameters.AddWithValue("@ids", JsonArray(ids.Select(i => i.ToString())));
            return ReadJobs(cmd);
        });
    }

    public Task<IReadOnlyList<JobInfo>> ListJobsAsync(JobFilter filter, CancellationToken ct) => ReadAsync<IReadOnlyList<JobInfo>>(c =>
    {
        using var cmd = Command(c, null, _sql.ListJobs);
        cmd.Parameters.AddWithValue("@state", (object?)filter.State ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@queue", (object?)filter.Queue ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@task", (object?)filter.Task ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@limit", filter.Limit);
        return ReadJobs(cmd);
    });

    public Task<IReadOnlyList<QueueStats>> GetQueueStatsAsync(CancellationToken ct) => ReadAsync<IReadOnlyList<QueueStats>>(c =>
    {
        using var cmd = Command(c, null, _sql.QueueStats);
        var stats = new List<QueueStats>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            stats.Add(new QueueStats(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7)));
        return stats;
    });

    private static List<JobInfo> ReadJobs(SqliteCommand cmd)
    {
        var jobs = new List<JobInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) jobs.Add(ReadJob(r));
        return jobs;
    }

    private static JobInfo ReadJob(SqliteDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Task = r.GetString(1),
        Queue = r.GetString(2),
        Priority = r.GetInt16(3),
        State = r.GetString(4),
        Args = r.GetString(5),
        Result = r.IsDBNull(6) ? null : r.GetString(6),
        Error = r.IsDBNull(7) ? null : r.GetString(7),
        Traceback = r.IsDBNull(8) ? null : r.GetString(8),
        Attempt = r.GetInt32(9),
        MaxAttempts = r.GetInt32(10),
        RunAt = r.GetDateTimeOffset(11),
        ExpiresAt = r.IsDBNull(12) ? null : r.GetDateTimeOffset(12),
        LeaseUntil = r.IsDBNull(13) ? null : r.GetDateTimeOffset(13),
        Worker = r.IsDBNull(14) ? null : r.GetString(14),
        CreatedAt = r.GetDateTimeOffset(15),
        StartedAt = r.IsDBNull(16) ? null : r.GetDateTimeOffset(16),
        FinishedAt = r.IsDBNull(17) ? null : r.GetDateTimeOffset(17),
    };
}
