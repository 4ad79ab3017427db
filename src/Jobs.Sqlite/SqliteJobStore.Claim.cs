using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(ClaimRequest request, CancellationToken ct)
    {
        var claimed = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.Claim);
            cmd.Parameters.AddWithValue("@queues", JsonArray(request.Queues));
            cmd.Parameters.AddWithValue("@limit", request.Limit);
            return ReadClaimed(cmd, request);
        }, ct).ConfigureAwait(false);
        return Claimed(claimed);
    }

    /// <summary>Runs a claim statement (claim.sql with either row selection) and reads the claimed rows.</summary>
    private static List<(ClaimedJob Job, string RunAt)> ReadClaimed(SqliteCommand cmd, ClaimRequest request)
    {
        cmd.Parameters.AddWithValue("@worker", request.Worker);
        cmd.Parameters.AddWithValue("@lease_ms", (long)request.Lease.TotalMilliseconds);
        var jobs = new List<(ClaimedJob Job, string RunAt)>(request.Limit);
        using var r = cmd.ExecuteReader();
        while (r.Read())
            jobs.Add((JobRows.ReadClaimed(r), r.GetString(10)));
        return jobs;
    }

    /// <summary>After commit: tells waiters about expired jobs and hands the batch over in claim order (RETURNING has none).</summary>
    private List<ClaimedJob> Claimed(List<(ClaimedJob Job, string RunAt)> claimed)
    {
        Signals.RaiseJobsFinished(claimed.Where(j => j.Job.Expired).Select(j => j.Job.Id).ToList());
        return claimed
            .OrderByDescending(j => j.Job.Priority).ThenBy(j => j.RunAt, StringComparer.Ordinal).ThenBy(j => j.Job.Id.ToString(), StringComparer.Ordinal)
            .Select(j => j.Job).ToList();
    }

    public Task<TimeSpan?> NextRunDelayAsync(IReadOnlyList<string> queues, CancellationToken ct) => ReadAsync<TimeSpan?>(c =>
    {
        using var cmd = Command(c, null, _sql.NextRun);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        return cmd.ExecuteScalar() is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;
    });

    public async Task<IReadOnlyList<HeldJob>> ExtendLeasesAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        return await WriteAsync((c, tx) =>
        {
            using var cmd = HeldCommand(c, tx, _sql.ExtendLease, worker, out var id, out var attempt);
            cmd.Parameters.AddWithValue("@lease_ms", (long)lease.TotalMilliseconds);
            var still = new List<HeldJob>(jobs.Count);
            foreach (var j in jobs)
            {
                id.Value = j.Id.ToString();
                attempt.Value = j.Attempt;
                using var r = cmd.ExecuteReader();
                if (r.Read()) still.Add(new HeldJob(r.GetGuid(0), r.GetInt32(1)));
            }
            return still;
        }, ct).ConfigureAwait(false);
    }

    public async Task<int> ReleaseAsync(string worker, IReadOnlyList<HeldJob> jobs, CancellationToken ct)
    {
        if (jobs.Count == 0) return 0;
        var queues = await WriteAsync((c, tx) =>
        {
            using var cmd = HeldCommand(c, tx, _sql.Release, worker, out var id, out var attempt);
            var released = new List<string>(jobs.Count);
            foreach (var j in jobs)
            {
                id.Value = j.Id.ToString();
                attempt.Value = j.Attempt;
                if (cmd.ExecuteScalar() is string queue) released.Add(queue);
            }
            return released;
        }, ct).ConfigureAwait(false);
        foreach (var queue in queues.Distinct()) Signals.RaiseJobsAvailable(queue);
        return queues.Count;
    }

    private static SqliteCommand HeldCommand(SqliteConnection c, SqliteTransaction tx, string sql, string worker, out SqliteParameter id, out SqliteParameter attempt)
    {
        var cmd = Command(c, tx, sql);
        id = cmd.Parameters.Add("@id", SqliteType.Text);
        attempt = cmd.Parameters.Add("@attempt", SqliteType.Integer);
        cmd.Parameters.AddWithValue("@worker", worker);
        return cmd;
    }
}
