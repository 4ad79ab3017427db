using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.Count == 0) return [];
        var (written, steps) = await WriteAsync((c, tx) =>
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
            using var history = Command(c, tx, _sql.FinishHistory);
            var historyId = history.Parameters.Add("@id", SqliteType.Text);
            var historyAttempt = history.Parameters.Add("@attempt", SqliteType.Integer);
            var historyError = history.Parameters.Add("@error", SqliteType.Text);
            var historyTraceback = history.Parameters.Add("@traceback", SqliteType.Text);
            history.Parameters.AddWithValue("@worker", worker);
            var done = new List<(Guid Id, bool Retry, string Queue)>(outcomes.Count);
            foreach (var o in outcomes)
            {
                if (o.Kind == OutcomeKind.Retry)
                {
                    historyId.Value = o.Id.ToString();
                    historyAttempt.Value = o.Attempt;
                    historyError.Value = (object?)o.Error ?? DBNull.Value;
                    historyTraceback.Value = (object?)o.Traceback ?? DBNull.Value;
                    history.ExecuteNonQuery();
                }
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
            // The workflow steps these outcomes release, in the same transaction (see WorkflowRelease).
            var (succeeded, failed) = JobOutcome.Ended(outcomes, done.Select(d => d.Id).ToHashSet());
            return (done, Release(c, tx, succeeded, failed));
        }, ct).ConfigureAwait(false);

        Signals.RaiseJobsFinished(written.Where(w => !w.Retry).Select(w => w.Id).ToList());
        foreach (var queue in written.Where(w => w.Retry).Select(w => w.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        steps.Raise(Signals);
        return written.Select(w => w.Id).ToList();
    }

    public async Task<int> RescueAsync(int limit, CancellationToken ct)
    {
        var (rescued, steps) = await WriteAsync((c, tx) =>
        {
            var rows = new List<(Guid Id, string State, string Queue)>();
            using (var cmd = Command(c, tx, _sql.Rescue))
            {
                cmd.Parameters.AddWithValue("@limit", limit);
                using var r = cmd.ExecuteReader();
                while (r.Read()) rows.Add((r.GetGuid(0), r.GetString(1), r.GetString(2)));
            }
            // Jobs rescued as FAILURE (and jobs expired at claim) fail or release what waits for them.
            return (rows, Sweep(c, tx));
        }, ct).ConfigureAwait(false);

        Signals.RaiseJobsFinished(rescued.Where(j => j.State == JobState.Failure).Select(j => j.Id).ToList());
        foreach (var queue in rescued.Where(j => j.State == JobState.Pending).Select(j => j.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        steps.Raise(Signals);
        return rescued.Count;
    }

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.Prune);
        cmd.Parameters.AddWithValue("@ttl_ms", (long)resultTtl.TotalMilliseconds);
        cmd.Parameters.AddWithValue("@limit", limit);
        var pruned = cmd.ExecuteNonQuery();
        using var groups = Command(c, tx, _sql.PruneGroups);
        groups.Parameters.AddWithValue("@ttl_ms", (long)resultTtl.TotalMilliseconds);
        groups.Parameters.AddWithValue("@limit", limit);
        groups.ExecuteNonQuery();
        return pruned;
    }, ct);
}
