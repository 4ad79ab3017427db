using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    // One batch, one round trip, one transaction (workflow_insert.groups.sql then workflow_insert.sql).
    public async ValueTask WorkflowInsertAsync(WorkflowPlan plan)
    {
        using var cmd = Command(plan.Groups.Count > 0 ? _sql.WorkflowInsertWithGroups : _sql.WorkflowInsert);
        if (plan.Groups.Count > 0)
            Json(cmd, "groups", SqlJson.Objects(plan.Groups, static (w, g) => w.Id("id", g.Id).Id("root_id", g.RootId).Num("size", g.Size)));
        Json(cmd, "jobs", SqlJson.Objects(plan.Jobs, static (w, p) => w
            .Id("id", p.Job.Id).Str("task", p.Job.Task).Str("queue", p.Job.Queue).Num("priority", p.Job.Priority).Str("args", p.Job.ArgsColumn)
            .Time("run_at", p.Job.RunAt).Num("delay_ms", (long)p.Job.Delay.TotalMilliseconds)
            .Time("expires_at", p.Job.ExpiresAt).Num("expires_in_ms", (long?)p.Job.ExpiresIn?.TotalMilliseconds)
            .Num("max_attempts", p.Job.MaxAttempts).Num("backoff_ms", p.Job.RetryBackoffMs).Num("backoff_max_ms", p.Job.RetryBackoffMaxMs)
            .Num("soft_time_limit_ms", p.Job.SoftTimeLimitMs).Num("time_limit_ms", p.Job.TimeLimitMs)
            .Id("parent_id", p.ParentId).Id("parent_group_id", p.ParentGroupId).Id("root_id", p.RootId).Id("group_id", p.GroupId)
            .Num("group_index", p.GroupIndex).Bool("immutable", p.Immutable).Bool("errback", p.Errback)
            .Str("retry_for", p.Job.RetryFor is null ? null : System.Text.Json.JsonSerializer.Serialize(p.Job.RetryFor))
            .Str("trace_parent", p.Job.TraceParent)
            .Str("content_type", p.Job.ContentType).Str("content_encoding", p.Job.ContentEncoding)
            .Str("payload", p.Job.Payload is null ? null : Convert.ToBase64String(p.Job.Payload)).Str("signature", p.Job.Signature)));
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        do
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false)) Changes.QueueAvailable(r.GetString(0));
        } while (await r.NextResultAsync(ct).ConfigureAwait(false));
    }

    public async ValueTask<SucceededStep> WorkflowSucceededManyAsync(IReadOnlyList<Guid> ids)
    {
        using var cmd = Command(_sql.WorkflowSucceededMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        var (revoked, groups) = await ReadKindsAsync(cmd, "revoked").ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked.Count == 0 && groups.Count == 0 ? SucceededStep.None : new SucceededStep(revoked, groups);
    }

    public async ValueTask WorkflowGroupReleaseManyAsync(IReadOnlyList<Guid> groupIds)
    {
        using var cmd = Command(_sql.WorkflowGroupReleaseMany);
        Json(cmd, "group_ids", SqlJson.Ids(groupIds));
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) Changes.QueueAvailable(r.GetString(0));
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowFailedManyAsync(IReadOnlyList<Guid> ids)
    {
        using var cmd = Command(_sql.WorkflowFailedMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        var (failed, _) = await ReadKindsAsync(cmd, "failed").ConfigureAwait(false);
        Changes.JobsEnded(failed);
        return failed;
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowStrandedListAsync(int limit)
    {
        using var cmd = Command(_sql.WorkflowStrandedList);
        Int(cmd, "limit", limit);
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowRevokeAsync(Guid memberId, string reason, bool terminate)
    {
        using var cmd = Command(_sql.WorkflowRevoke);
        Add(cmd, "id", System.Data.SqlDbType.UniqueIdentifier, memberId);
        Text(cmd, "reason", reason, -1);
        Bit(cmd, "terminate", terminate);
        var revoked = await ReadIdsAsync(cmd).ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked;
    }

    public async ValueTask<int> WorkflowGroupPruneManyAsync(TimeSpan resultTtl, int limit)
    {
        using var cmd = Command(_sql.WorkflowGroupPruneMany);
        Milliseconds(cmd, "ttl_ms", resultTtl);
        Int(cmd, "limit", limit);
        return await CountAsync(cmd).ConfigureAwait(false);
    }
}
