using Jobs.Storage;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(Guid id, CancellationToken ct) => ReadAsync<IReadOnlyList<JobAttempt>>(c =>
    {
        using var cmd = Command(c, null, _sql.GetAttempts);
        cmd.Parameters.AddWithValue("@id", id.ToString());
        var attempts = new List<JobAttempt>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) attempts.Add(JobRows.ReadAttempt(r));
        return attempts;
    });
}
