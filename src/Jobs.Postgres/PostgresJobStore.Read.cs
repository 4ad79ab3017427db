using Jobs.Storage;
using Npgsql;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyList<Guid> ids, CancellationToken ct) => Run<IReadOnlyList<JobInfo>>(async () =>
    {
        if (ids.Count == 0) return [];
        await using var cmd = Command(_sql.GetJobs);
        Add(cmd, "ids", ids.ToArray());
        var jobs = new List<JobInfo>(ids.Count);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    });
}
