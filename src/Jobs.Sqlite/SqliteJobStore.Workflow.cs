using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    /// <summary>Jobs failed per rescuer round when their dependencies ended outside a completion (see workflow_stranded.sql).</summary>
    private const int StrandedBatch = 1000;

    public async Task ApplyWorkflowAsync(WorkflowPlan plan, CancellationToken ct)
    {
        await WriteAsync((c, tx) =>
        {
            using (var groups = Command(c, tx, _sql.WorkflowGroupInsert))
            {
                var id = groups.Parameters.Add("@id", SqliteType.Text);
                var root = groups.Parameters.Add("@root_id", SqliteType.Text);
                var size = groups.Parameters.Add("@size", SqliteType.Integer);
                foreach (var g in plan.Groups)
                {
                    id.Value = g.Id.ToString();
                    root.Value = g.RootId.ToString();
                    size.Value = g.Size;
                    groups.ExecuteNonQuery();
                }
            }
            using var cmd = Command(c, tx, _sql.WorkflowInsert);
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var (name, type) in new[]
            {
                ("@id", SqliteType.Text), ("@task", SqliteType.Text), ("@queue", SqliteType.Text), ("@priority", SqliteType.Integer),
                ("@args", SqliteType.Text), ("@run_at", SqliteType.Text), ("@delay_ms", SqliteType.Integer), ("@expires_at", SqliteType.Text),
                ("@expires_in_ms", SqliteType.Integer), ("@max_attempts", SqliteType.Integer), ("@backoff_ms", SqliteType.Integer),
                ("@backoff_max_ms", SqliteType.Integer), ("@soft_time_limit_ms", SqliteType.Integer), ("@time_limit_ms", SqliteType.Integer),
                ("@waiting", SqliteType.Integer), ("@parent_id", SqliteType.Text), ("@parent_group_id", SqliteType.Text), ("@root_id", SqliteType.Text),
                ("@group_id", SqliteType.Text), ("@group_index", SqliteType.Integer), ("@immutable", SqliteType.Integer), ("@errback", SqliteType.Integer),
                ("@retry_for", SqliteType.Text), ("@trace_parent", SqliteType.Text),
            })
                p[name] = cmd.Parameters.Add(name, type);
            cmd.Prepare();
            foreach (var w in plan.Jobs)
            {
                var j = w.Job;
                p["@id"].Value = j.Id.ToString();
                p["@task"].Value = j.Task;
                p["@queue"].Value = j.Queue;
                p["@priority"].Value = j.Priority;
                p["@args"].Value = j.ArgsJson;
                p["@run_at"].Value = SqliteTime.Parameter(j.RunAt);
                p["@delay_ms"].Value = (long)j.Delay.TotalMilliseconds;
                p["@expires_at"].Value = SqliteTime.Parameter(j.ExpiresAt);
                p["@expires_in_ms"].Value = j.ExpiresIn is { } e ? (long)e.TotalMilliseconds : DBNull.Value;
                p["@max_attempts"].Value = j.MaxAttempts;
                p["@backoff_ms"].Value = j.RetryBackoffMs;
                p["@backoff_max_ms"].Value = j.RetryBackoffMaxMs;
                p["@soft_time_limit_ms"].Value = j.SoftTimeLimitMs is { } s ? s : DBNull.Value;
                p["@time_limit_ms"].Value = j.TimeLimitMs is { } l ? l : DBNull.Value;
                p["@waiting"].Value = w.Waiting;
                p["@parent_id"].Value = (object?)w.ParentId?.ToString() ?? DBNull.Value;
                p["@parent_group_id"].Value = (object?)w.ParentGroupId?.ToString() ?? DBNull.Value;
                p["@root_id"].Value = w.RootId.ToString();
                p["@group_id"].Value = (object?)w.GroupId?.ToString() ?? DBNull.Value;
                p["@group_index"].Value = w.GroupIndex is { } gi ? gi : DBNull.Value;
                p["@immutable"].Value = w.Immutable;
                p["@errback"].Value = w.Errback;
                p["@retry_for"].Value = j.RetryFor is { } rf ? JsonArray(rf) : DBNull.Value;
                p["@trace_parent"].Value = (object?)j.TraceParent ?? DBNull.Value;
                cmd.ExecuteNonQuery();
            }
            return plan.Jobs.Count;
        }, ct).ConfigureAwait(false);
        foreach (var queue in plan.Jobs.Where(j => !j.Waiting).Select(j => j.Job.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
    }

    public async Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(Guid memberId, string reason, bool terminate, CancellationToken ct)
    {
        var (revoked, steps) = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.WorkflowRevoke);
            cmd.Parameters.AddWithValue("@id", memberId.ToString());
            cmd.Parameters.AddWithValue("@reason", reason);
            cmd.Parameters.AddWithValue("@terminate", terminate);
            var ids = ReadIds(cmd);
            return (ids, Release(c, tx, [], ids));
        }, ct).ConfigureAwait(false);
        Signals.RaiseJobsFinished(revoked);
        steps.Raise(Signals);
        return revoked;
    }

    /// <summary>Runs the workflow steps for jobs that just ended, in the caller's write transaction.</summary>
    private SqliteWorkflowSteps Release(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<Guid> succeeded, IReadOnlyList<Guid> failed)
    {
        var steps = new SqliteWorkflowSteps(c, tx, _sql);
        if (succeeded.Count + failed.Count > 0) WorkflowRelease.RunAsync(steps, succeeded, failed).AsTask().GetAwaiter().GetResult();
        return steps;
    }

    /// <summary>The rescuer's sweep (see <see cref="WorkflowRelease.SweepAsync"/>), in the caller's write transaction.</summary>
    private SqliteWorkflowSteps Sweep(SqliteConnection c, SqliteTransaction tx)
    {
        var steps = new SqliteWorkflowSteps(c, tx, _sql);
        SqliteWorkflowSteps.Sync(WorkflowRelease.SweepAsync(steps, StrandedBatch));
        return steps;
    }
}
