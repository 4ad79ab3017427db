using Jobs.Limits;
using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<LimitedClaim> ClaimLimitedAsync(ClaimRequest request, CancellationToken ct) => Run(async () =>
    {
        var queues = request.Queues.ToArray();
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var cmd = Command(_sql.LimitLock, conn, tx))
        {
            Add(cmd, "queues", queues);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var (states, now) = await ReadLimitStatesAsync(conn, tx, queues, ct).ConfigureAwait(false);
        if (states.Count == 0)
        {
            await tx.CommitAsync(ct).ConfigureAwait(false);
            return LimitedClaim.None;
        }

        var plan = new LimitPlan(states);
        var jobs = new List<ClaimedJob>();
        if (plan.AnyOpen)
        {
            var candidates = await ReadCandidatesAsync(conn, tx, queues, plan, request.Limit, ct).ConfigureAwait(false);
            var chosen = plan.Choose(candidates, request.Limit);
            if (chosen.Count > 0)
            {
                await using var cmd = Command(_sql.ClaimIds, conn, tx);
                Add(cmd, "ids", chosen.ToArray());
                Add(cmd, "started_at", now, NpgsqlDbType.TimestampTz);
                Add(cmd, "worker", request.Worker);
                Add(cmd, "lease_ms", (long)request.Lease.TotalMilliseconds);
                Add(cmd, "finished_channel", _sql.FinishedChannel);
                await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadClaimed(r));
            }
        }
        if (plan.TokenWrites is { Count: > 0 } writes)
        {
            await using var cmd = Command(_sql.LimitTokens, conn, tx);
            Add(cmd, "scopes", writes.Select(w => w.Scope.ToText()).ToArray());
            Add(cmd, "names", writes.Select(w => w.Name).ToArray());
            Add(cmd, "tokens", writes.Select(w => w.Tokens).ToArray());
            Add(cmd, "now", now, NpgsqlDbType.TimestampTz);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        TimeSpan? nextRun;
        await using (var cmd = Command(_sql.LimitNextRun, conn, tx))
        {
            Add(cmd, "queues", queues);
            Add(cmd, "limited_tasks", plan.LimitedTasks.ToArray());
            Add(cmd, "limited_queues", plan.LimitedQueues.ToArray());
            nextRun = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return LimitedClaim.Of(jobs, plan, nextRun);
    });

    public Task<bool> HasLimitedWorkAsync(IReadOnlyList<string> queues, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.LimitWaiting);
        Add(cmd, "queues", queues.ToArray());
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    });

    private async Task<(List<LimitState> States, DateTime Now)> ReadLimitStatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] queues, CancellationToken ct)
    {
        await using var cmd = Command(_sql.LimitState, conn, tx);
        Add(cmd, "queues", queues);
        var states = new List<LimitState>();
        var now = default(DateTime);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            states.Add(new LimitState(LimitScopeText.Parse(r.GetString(0)), r.GetString(1), NullableDouble(r, 2), NullableDouble(r, 3),
                r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt64(7)));
            now = r.GetDateTime(8);
        }
        return (states, now);
    }

    private async Task<List<LimitCandidate>> ReadCandidatesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string[] queues, LimitPlan plan,
        int limit, CancellationToken ct)
    {
        await using var cmd = Command(_sql.LimitCandidates, conn, tx);
        Add(cmd, "queues", queues);
        Add(cmd, "limited_tasks", plan.LimitedTasks.ToArray());
        Add(cmd, "limited_queues", plan.LimitedQueues.ToArray());
        Add(cmd, "blocked_tasks", plan.BlockedTasks.ToArray());
        Add(cmd, "blocked_queues", plan.BlockedQueues.ToArray());
        Add(cmd, "limit", limit);
        var candidates = new List<LimitCandidate>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            candidates.Add(new LimitCandidate(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));
        return candidates;
    }

    public Task<bool> SetRateLimitAsync(LimitScope scope, string name, RateLimit? rate, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(rate is null ? _sql.LimitClearRate : _sql.LimitSetRate);
        Add(cmd, "scope", scope.ToText());
        Add(cmd, "name", name);
        if (rate is { } r)
        {
            Add(cmd, "rate", r.ToString());
            Add(cmd, "per_second", r.PerSecond);
            Add(cmd, "burst", r.Burst);
        }
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    });

    public Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(maxRunning is null ? _sql.LimitClearConcurrency : _sql.LimitSetConcurrency);
        Add(cmd, "scope", scope.ToText());
        Add(cmd, "name", name);
        if (maxRunning is { } max) Add(cmd, "max_running", max);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    });

    public Task<int> DeclareLimitsAsync(IReadOnlyList<LimitDeclaration> limits, CancellationToken ct) => Run(async () =>
    {
        if (limits.Count == 0) return 0;
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        var changed = 0;
        foreach (var l in limits.OrderBy(l => l.Scope).ThenBy(l => l.Name, StringComparer.Ordinal)) // one lock order for concurrent starts
        {
            await using var cmd = Command(_sql.LimitDeclare, conn, tx);
            Add(cmd, "scope", l.Scope.ToText());
            Add(cmd, "name", l.Name);
            Add(cmd, "rate", l.Rate?.ToString(), NpgsqlDbType.Text);
            Add(cmd, "per_second", l.Rate?.PerSecond, NpgsqlDbType.Double);
            Add(cmd, "burst", l.Rate?.Burst, NpgsqlDbType.Double);
            Add(cmd, "max_running", l.MaxRunning, NpgsqlDbType.Integer);
            Add(cmd, "declared", l.Text);
            changed += await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return changed;
    });

    public Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken ct) => Run<IReadOnlyList<JobLimit>>(async () =>
    {
        await using var cmd = Command(_sql.LimitList);
        var list = new List<JobLimit>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(JobRows.ReadLimit(r));
        return list;
    });

    private static double? NullableDouble(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDouble(ordinal);
}
