using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    // The outcomes and the workflow steps they release share one transaction (see WorkflowRelease).
    public Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct) => InTransactionAsync<IReadOnlyList<Guid>>(async (conn, tx) =>
    {
        await using var cmd = Command(_sql.Finish, conn, tx);
        Add(cmd, "ids", outcomes.Select(o => o.Id).ToArray());
        Add(cmd, "attempts", outcomes.Select(o => o.Attempt).ToArray());
        Add(cmd, "states", outcomes.Select(o => JobOutcome.StateOf(o.Kind)).ToArray());
        Add(cmd, "results", outcomes.Select(o => o.ResultJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        Add(cmd, "errors", outcomes.Select(o => o.Error).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "tracebacks", outcomes.Select(o => o.Traceback).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "delays_ms", outcomes.Select(o => (long)o.RetryDelay.TotalMilliseconds).ToArray());
        Add(cmd, "worker", worker);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        var written = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
        var (succeeded, failed) = JobOutcome.Ended(outcomes, written);
        if (succeeded.Count + failed.Count > 0) await WorkflowRelease.RunAsync(Steps(conn, tx, ct), succeeded, failed).ConfigureAwait(false);
        return written;
    }, ct);

    // In one transaction with the workflow sweep: jobs rescued as FAILURE (and jobs expired at claim) fail or release what waits for them.
    public Task<int> RescueAsync(int limit, CancellationToken ct) => InTransactionAsync(async (conn, tx) =>
    {
        await using var cmd = Command(_sql.Rescue, conn, tx);
        Add(cmd, "lock_key", _sql.RescuerLockKey);
        Add(cmd, "limit", limit);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        var rescued = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
        await WorkflowRelease.SweepAsync(Steps(conn, tx, ct), StrandedBatch).ConfigureAwait(false);
        return rescued;
    }, ct);

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Prune);
        Add(cmd, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(cmd, "limit", limit);
        var pruned = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var groups = Command(_sql.PruneGroups);
        Add(groups, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(groups, "limit", limit);
        await groups.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return pruned;
    });
}
