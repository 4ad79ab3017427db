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
        while (r.Read()) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }
}
