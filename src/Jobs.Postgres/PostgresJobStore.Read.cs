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
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(ReadJob(r));
        return jobs;
    });

    internal static JobInfo ReadJob(NpgsqlDataReader r) => new()
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
        RunAt = r.GetFieldValue<DateTimeOffset>(11),
        ExpiresAt = r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        LeaseUntil = r.IsDBNull(13) ? null : r.GetFieldValue<DateTimeOffset>(13),
        Worker = r.IsDBNull(14) ? null : r.GetString(14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        StartedAt = r.IsDBNull(16) ? null : r.GetFieldValue<DateTimeOffset>(16),
        FinishedAt = r.IsDBNull(17) ? null : r.GetFieldValue<DateTimeOffset>(17),
    };
}
