using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct) => Run<IReadOnlyList<Guid>>(async () =>
    {
        await using var cmd = Command(_sql.Finish);
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
        return await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
    });

    public Task<int> RescueAsync(int limit, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Rescue);
        Add(cmd, "lock_key", _sql.RescuerLockKey);
        Add(cmd, "limit", limit);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
    });

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Prune);
        Add(cmd, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(cmd, "limit", limit);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
