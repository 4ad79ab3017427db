using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return [];
        var written = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.Finish);
            var id = cmd.Parameters.Add("@id", SqliteType.Text);
            var attempt = cmd.Parameters.Add("@attempt", SqliteType.Integer);
            var state = cmd.Parameters.Add("@state", SqliteType.Text);
            var result = cmd.Parameters.Add("@result", SqliteType.Text);
            var error = cmd.Parameters.Add("@error", SqliteType.Text);
            var traceback = cmd.Parameters.Add("@traceback", SqliteType.Text);
            var delay = cmd.Parameters.Add("@delay_ms", SqliteType.Integer);
            cmd.Parameters.AddWithValue("@worker", worker);
            cmd.Prepare();
            var done = new List<(Guid Id, bool Retry, string Queue)>(outcomes.Count);
            foreach (var o in outcomes)
            {
                id.Value = o.Id.ToString();
                attempt.Value = o.Attempt;
                state.Value = JobOutcome.StateOf(o.Kind);
                result.Value = (object?)o.ResultJson ?? DBNull.Value;
                error.Value = (object?)o.Error ?? DBNull.Value;
                traceback.Value = (object?)o.Traceback ?? DBNull.Value;
                delay.Value = (long)o.RetryDelay.TotalMilliseconds;
                using var r = cmd.ExecuteReader();
                if (r.Read()) done.Add((r.GetGuid(0), o.Kind == OutcomeKind.Retry, r.GetString(1)));
            }
            return done;
        }, ct).ConfigureAwait(false);

        Signals.RaiseJobsFinished(written.Where(w => !w.Retry).Select(w => w.Id).ToList());
        foreach (var queue in written.Where(w => w.Retry).Select(w => w.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        return written.Select(w => w.Id).ToList();
    }

    public async Task<int> RescueAsync(int limit, CancellationToken ct)
    {
        var rescued = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.Rescue);
            cmd.Parameters.AddWithValue("@limit", limit);
            var rows = new List<(Guid Id, string State, string Queue)>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add((r.GetGuid(0), r.GetString(1), r.GetString(2)));
            return rows;
        }, ct).ConfigureAwait(false);

        Signals.RaiseJobsFinished(rescued.Where(j => j.State == JobState.Failure).Select(j => j.Id).ToList());
        foreach (var queue in rescued.Where(j => j.State == JobState.Pending).Select(j => j.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        return rescued.Count;
    }

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.Prune);
        cmd.Parameters.AddWithValue("@ttl_ms", (long)resultTtl.TotalMilliseconds);
        cmd.Parameters.AddWithValue("@limit", limit);
        return cmd.ExecuteNonQuery();
    }, ct);
}
