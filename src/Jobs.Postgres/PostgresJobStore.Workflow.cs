using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    /// <summary>Jobs failed per rescuer round when their dependencies ended outside a completion (see workflow_stranded.sql).</summary>
    private const int StrandedBatch = 1000;

    public Task ApplyWorkflowAsync(WorkflowPlan plan, CancellationToken ct) => Run(async () =>
    {
        // One batch, one round trip: PostgreSQL runs a batch without an explicit transaction as one implicit transaction.
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(conn);
        if (plan.Groups.Count > 0)
        {
            var groups = new NpgsqlBatchCommand(_sql.WorkflowGroupsInsert);
            groups.Parameters.Add(new NpgsqlParameter<Guid[]>("group_ids", plan.Groups.Select(g => g.Id).ToArray()));
            groups.Parameters.Add(new NpgsqlParameter<Guid[]>("group_roots", plan.Groups.Select(g => g.RootId).ToArray()));
            groups.Parameters.Add(new NpgsqlParameter<int[]>("group_sizes", plan.Groups.Select(g => g.Size).ToArray()));
            batch.BatchCommands.Add(groups);
        }
        var jobs = plan.Jobs;
        var insert = new NpgsqlBatchCommand(_sql.WorkflowInsert);
        void P<T>(string name, T value, NpgsqlDbType? type = null)
        {
            var p = new NpgsqlParameter<T>(name, value);
            if (type is { } t) p.NpgsqlDbType = t;
            insert.Parameters.Add(p);
        }
        P("ids", jobs.Select(j => j.Job.Id).ToArray());
        P("tasks", jobs.Select(j => j.Job.Task).ToArray());
        P("queues", jobs.Select(j => j.Job.Queue).ToArray());
        P("priorities", jobs.Select(j => j.Job.Priority).ToArray());
        P("args", jobs.Select(j => j.Job.ArgsJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
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
        P("available_channel", _sql.AvailableChannel);
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return true;
    });

    public Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(Guid memberId, string reason, bool terminate, CancellationToken ct)
        => InTransactionAsync<IReadOnlyList<Guid>>(async (conn, tx) =>
        {
            await using var cmd = Command(_sql.WorkflowRevoke, conn, tx);
            Add(cmd, "id", memberId);
            Add(cmd, "reason", reason);
            Add(cmd, "terminate", terminate);
            Add(cmd, "finished_channel", _sql.FinishedChannel);
            var revoked = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
            if (revoked.Count > 0) await WorkflowRelease.RunAsync(Steps(conn, tx, ct), [], revoked).ConfigureAwait(false);
            return revoked;
        }, ct);

    private PostgresWorkflowSteps Steps(NpgsqlConnection conn, NpgsqlTransaction? tx, CancellationToken ct) => new(conn, tx, _sql, ct);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (notifications are delivered at commit), on a connection of a pool
    /// without auto-prepare: when a statement that Npgsql is auto-preparing is refused inside a transaction (e.g. a result
    /// with \u0000, see OutcomeWriter), the connection can go back to the pool out of step with the server ("Received
    /// unexpected backend message DataRow"), which failed the next write on it. BEGIN is its own round trip for the same reason.
    /// </summary>
    private Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> work, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _txDataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await ExecuteAsync(conn, "begin", ct).ConfigureAwait(false);
        try
        {
            var result = await work(conn, null).ConfigureAwait(false);
            await ExecuteAsync(conn, "commit", ct).ConfigureAwait(false);
            return result;
        }
        catch
        {
            try { await ExecuteAsync(conn, "rollback", CancellationToken.None).ConfigureAwait(false); }
            catch (Exception) { /* a broken connection is discarded by the pool; an open one is reset on return */ }
            throw;
        }
    });

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
