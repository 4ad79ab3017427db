using Jobs.Storage;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(Guid id, CancellationToken ct) => Run<IReadOnlyList<JobAttempt>>(async () =>
    {
        await using var cmd = Command(_sql.GetAttempts);
        Add(cmd, "id", id);
        var attempts = new List<JobAttempt>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) attempts.Add(JobRows.ReadAttempt(r));
        return attempts;
    });
}
