using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask WorkflowInsertAsync(WorkflowPlan plan) => new(Write((c, tx) =>
    {
        using (var groups = Command(c, tx, _sql.WorkflowGroupInsertMany))
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
            ("@content_type", SqliteType.Text), ("@content_encoding", SqliteType.Text), ("@payload", SqliteType.Blob), ("@signature", SqliteType.Text),
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
            p["@args"].Value = (object?)j.ArgsColumn ?? DBNull.Value;
            p["@content_type"].Value = j.ContentType;
            p["@content_encoding"].Value = (object?)j.ContentEncoding ?? DBNull.Value;
            p["@payload"].Value = (object?)j.Payload ?? DBNull.Value;
            p["@signature"].Value = (object?)j.Signature ?? DBNull.Value;
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
            if (cmd.ExecuteNonQuery() > 0 && !w.Waiting) Changes.QueueAvailable(j.Queue);
        }
        return true;
    }).AsTask());

    // The parts: workflow_succeeded_many.release_children.sql, .skip_errbacks.sql and .count_groups.sql.
    public ValueTask<SucceededStep> WorkflowSucceededManyAsync(IReadOnlyList<Guid> ids) => Write((c, tx) =>
    {
        var json = JsonIds(ids);
        Release(c, tx, _sql.WorkflowSucceededManyReleaseChildren, "@ids", json);
        var revoked = Ids(c, tx, _sql.WorkflowSucceededManySkipErrbacks, "@ids", json);
        Changes.JobsEnded(revoked);
        var groups = new List<Guid>();
        using (var cmd = Command(c, tx, _sql.WorkflowSucceededManyCountGroups))
        {
            cmd.Parameters.AddWithValue("@ids", json);
            using var r = cmd.ExecuteReader();
            while (r.Read()) if (r.GetInt64(1) == 0) groups.Add(r.GetGuid(0));
        }
        return revoked.Count == 0 && groups.Count == 0 ? SucceededStep.None : new SucceededStep(revoked, groups);
    });

    public ValueTask WorkflowGroupReleaseManyAsync(IReadOnlyList<Guid> groupIds) => new(Write((c, tx) =>
    {
        Release(c, tx, _sql.WorkflowGroupReleaseMany, "@group_ids", JsonIds(groupIds));
        return true;
    }).AsTask());

    // The parts: workflow_failed_many.release_errbacks.sql, .fail_children.sql and .fail_chords.sql.
    public ValueTask<IReadOnlyList<Guid>> WorkflowFailedManyAsync(IReadOnlyList<Guid> ids) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        var json = JsonIds(ids);
        Release(c, tx, _sql.WorkflowFailedManyReleaseErrbacks, "@ids", json);
        var failed = Ids(c, tx, _sql.WorkflowFailedManyFailChildren, "@ids", json);
        failed.AddRange(Ids(c, tx, _sql.WorkflowFailedManyFailChords, "@ids", json));
        Changes.JobsEnded(failed);
        return failed;
    });

    public ValueTask<IReadOnlyList<Guid>> WorkflowStrandedListAsync(int limit) => Read<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkflowStrandedList);
        cmd.Parameters.AddWithValue("@limit", limit);
        return ReadIds(cmd);
    });

    public ValueTask<IReadOnlyList<Guid>> WorkflowRevokeAsync(Guid memberId, string reason, bool terminate) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkflowRevoke);
        cmd.Parameters.AddWithValue("@id", memberId.ToString());
        cmd.Parameters.AddWithValue("@reason", reason);
        cmd.Parameters.AddWithValue("@terminate", terminate);
        var revoked = ReadIds(cmd);
        Changes.JobsEnded(revoked);
        return revoked;
    });

    public ValueTask<int> WorkflowGroupPruneManyAsync(TimeSpan resultTtl, int limit) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkflowGroupPruneMany);
        cmd.Parameters.AddWithValue("@ttl_ms", (long)resultTtl.TotalMilliseconds);
        cmd.Parameters.AddWithValue("@limit", limit);
        return cmd.ExecuteNonQuery();
    });

    /// <summary>Runs a release statement (returning id, queue): the queues gained runnable jobs.</summary>
    private void Release(SqliteConnection c, SqliteTransaction tx, string text, string name, string json)
    {
        using var cmd = Command(c, tx, text);
        cmd.Parameters.AddWithValue(name, json);
        using var r = cmd.ExecuteReader();
        while (r.Read()) Changes.QueueAvailable(r.GetString(1));
    }

    private static List<Guid> Ids(SqliteConnection c, SqliteTransaction tx, string text, string name, string json)
    {
        using var cmd = Command(c, tx, text);
        cmd.Parameters.AddWithValue(name, json);
        return ReadIds(cmd);
    }
}
