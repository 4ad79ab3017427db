using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    // One batch, one round trip: PostgreSQL runs a batch without an explicit transaction as one implicit transaction.
    public async ValueTask WorkflowInsertAsync(WorkflowPlan plan)
    {
        await using var batch = Batch();
        if (plan.Groups.Count > 0)
        {
            var groups = new NpgsqlBatchCommand(_sql.WorkflowGroupInsertMany);
            groups.Parameters.Add(Parameter("group_ids", plan.Groups.Select(g => g.Id).ToArray()));
            groups.Parameters.Add(Parameter("group_roots", plan.Groups.Select(g => g.RootId).ToArray()));
            groups.Parameters.Add(Parameter("group_sizes", plan.Groups.Select(g => g.Size).ToArray()));
            batch.BatchCommands.Add(groups);
        }
        var jobs = plan.Jobs;
        var insert = new NpgsqlBatchCommand(_sql.WorkflowInsert);
        void P<T>(string name, T value, NpgsqlDbType? type = null) => insert.Parameters.Add(Parameter(name, value, type));
        P("ids", jobs.Select(j => j.Job.Id).ToArray());
        P("tasks", jobs.Select(j => j.Job.Task).ToArray());
        P("queues", jobs.Select(j => j.Job.Queue).ToArray());
        P("priorities", jobs.Select(j => j.Job.Priority).ToArray());
        P("args", jobs.Select(j => j.Job.ArgsColumn).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        P("run_ats", jobs.Select(j => j.Job.RunAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        P("delays_ms", jobs.Select(j => (long)j.Job.Delay.TotalMilliseconds).ToArray());
        P("expires_ats", jobs.Select(j => j.Job.ExpiresAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        P("expires_in_ms", jobs.Select(j => (long?)j.Job.ExpiresIn?.TotalMilliseconds).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        P("max_attempts", jobs.Select(j => j.Job.MaxAttempts).ToArray());
        P("backoff_ms", jobs.Select(j => j.Job.RetryBackoffMs).ToArray());
        P("backoff_max_ms", jobs.Select(j => j.Job.RetryBackoffMaxMs).ToArray());
        P("soft_limits_ms", jobs.Select(j => j.Job.SoftTimeLimitMs).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        P("limits_ms", jobs.Select(j => j.Job.TimeLimitMs).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        P("parent_ids", jobs.Select(j => j.ParentId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        P("parent_group_ids", jobs.Select(j => j.ParentGroupId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        P("root_ids", jobs.Select(j => j.RootId).ToArray());
        P("group_ids", jobs.Select(j => j.GroupId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        P("group_indexes", jobs.Select(j => j.GroupIndex).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        P("immutables", jobs.Select(j => j.Immutable).ToArray());
        P("errbacks", jobs.Select(j => j.Errback).ToArray());
        P("retry_fors", jobs.Select(j => j.Job.RetryFor is null ? null : System.Text.Json.JsonSerializer.Serialize(j.Job.RetryFor)).ToArray(),
            NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        P("trace_parents", jobs.Select(j => j.Job.TraceParent).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        AddEnvelopeParameters(insert.Parameters, jobs.Select(j => j.Job).ToList());
        batch.BatchCommands.Add(insert);
        await using var r = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
        do
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false)) Changes.QueueAvailable(r.GetString(0));
        } while (await r.NextResultAsync(ct).ConfigureAwait(false));
    }

    public async ValueTask<SucceededStep> WorkflowSucceededManyAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(_sql.WorkflowSucceededMany);
        Add(cmd, "ids", ids.ToArray());
        var (revoked, groups) = await ReadKindsAsync(cmd, "revoked").ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked.Count == 0 && groups.Count == 0 ? SucceededStep.None : new SucceededStep(revoked, groups);
    }

    public async ValueTask WorkflowGroupReleaseManyAsync(IReadOnlyList<Guid> groupIds)
    {
        await using var cmd = Command(_sql.WorkflowGroupReleaseMany);
        Add(cmd, "group_ids", groupIds.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) Changes.QueueAvailable(r.GetString(0));
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowFailedManyAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(_sql.WorkflowFailedMany);
        Add(cmd, "ids", ids.ToArray());
        var (failed, _) = await ReadKindsAsync(cmd, "failed").ConfigureAwait(false);
        Changes.JobsEnded(failed);
        return failed;
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowStrandedListAsync(int limit)
    {
        await using var cmd = Command(_sql.WorkflowStrandedList);
        Add(cmd, "limit", limit);
        return await ReadIdsAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Guid>> WorkflowRevokeAsync(Guid memberId, string reason, bool terminate)
    {
        await using var cmd = Command(_sql.WorkflowRevoke);
        Add(cmd, "id", memberId);
        Add(cmd, "reason", reason);
        Add(cmd, "terminate", terminate);
        var revoked = await ReadIdsAsync(cmd).ConfigureAwait(false);
        Changes.JobsEnded(revoked);
        return revoked;
    }

    public async ValueTask<int> WorkflowGroupPruneManyAsync(TimeSpan resultTtl, int limit)
    {
        await using var cmd = Command(_sql.WorkflowGroupPruneMany);
        Add(cmd, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(cmd, "limit", limit);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
