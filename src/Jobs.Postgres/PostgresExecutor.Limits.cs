using Jobs.Limits;
using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    // limit_state_list.lock.sql first, then limit_state_list.sql: a new statement, so a new snapshot that sees what earlier
    // lock holders committed.
    public async ValueTask<LimitStates> LimitStateListAsync(IReadOnlyList<string> queues)
    {
        var array = queues.ToArray();
        await using (var lockCmd = Command(_sql.LimitLock))
        {
            Add(lockCmd, "queues", array);
            await lockCmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var cmd = Command(_sql.LimitStateList);
        Add(cmd, "queues", array);
        var states = new List<LimitState>();
        var now = default(DateTime);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            states.Add(new LimitState(LimitScopeText.Parse(r.GetString(0)), r.GetString(1), NullableDouble(r, 2), NullableDouble(r, 3),
                r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt64(7)));
            now = r.GetDateTime(8);
        }
        return new LimitStates(states, new DateTimeOffset(now, TimeSpan.Zero));
    }

    public async ValueTask<IReadOnlyList<LimitCandidate>> LimitCandidateListAsync(IReadOnlyList<string> queues, LimitPlan plan, int limit)
    {
        await using var cmd = Command(_sql.LimitCandidateList);
        Add(cmd, "queues", queues.ToArray());
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

    public async ValueTask LimitTokenSetManyAsync(IReadOnlyList<TokenWrite> writes, DateTimeOffset now)
    {
        await using var cmd = Command(_sql.LimitTokenSetMany);
        Add(cmd, "scopes", writes.Select(w => w.Scope.ToText()).ToArray());
        Add(cmd, "names", writes.Select(w => w.Name).ToArray());
        Add(cmd, "tokens", writes.Select(w => w.Tokens).ToArray());
        Add(cmd, "now", now.UtcDateTime, NpgsqlDbType.TimestampTz);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<TimeSpan?> LimitNextRunDelayAsync(IReadOnlyList<string> queues, LimitPlan plan)
    {
        await using var cmd = Command(_sql.LimitNextRunDelay);
        Add(cmd, "queues", queues.ToArray());
        Add(cmd, "limited_tasks", plan.LimitedTasks.ToArray());
        Add(cmd, "limited_queues", plan.LimitedQueues.ToArray());
        return Milliseconds(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
    }

    public async ValueTask<bool> LimitWaitingExistsAsync(IReadOnlyList<string> queues)
    {
        await using var cmd = Command(_sql.LimitWaitingExists);
        Add(cmd, "queues", queues.ToArray());
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }

    public async ValueTask<bool> LimitRateSetAsync(LimitScope scope, string name, RateLimit rate)
    {
        await using var cmd = LimitCommand(_sql.LimitRateSet, scope, name);
        Add(cmd, "rate", rate.ToString());
        Add(cmd, "per_second", rate.PerSecond);
        Add(cmd, "burst", rate.Burst);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitRateClearAsync(LimitScope scope, string name)
    {
        await using var cmd = LimitCommand(_sql.LimitRateClear, scope, name);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitConcurrencySetAsync(LimitScope scope, string name, int maxRunning)
    {
        await using var cmd = LimitCommand(_sql.LimitConcurrencySet, scope, name);
        Add(cmd, "max_running", maxRunning);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitConcurrencyClearAsync(LimitScope scope, string name)
    {
        await using var cmd = LimitCommand(_sql.LimitConcurrencyClear, scope, name);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    private NpgsqlCommand LimitCommand(string sql, LimitScope scope, string name)
    {
        var cmd = Command(sql);
        Add(cmd, "scope", scope.ToText());
        Add(cmd, "name", name);
        return cmd;
    }

    public async ValueTask<int> LimitDeclareManyAsync(IReadOnlyList<LimitDeclaration> limits)
    {
        var changed = 0;
        foreach (var l in limits)
        {
            await using var cmd = Command(_sql.LimitDeclareMany);
            Add(cmd, "scope", l.Scope.ToText());
            Add(cmd, "name", l.Name);
            Add(cmd, "rate", l.Rate?.ToString(), NpgsqlDbType.Text);
            Add(cmd, "per_second", l.Rate?.PerSecond, NpgsqlDbType.Double);
            Add(cmd, "burst", l.Rate?.Burst, NpgsqlDbType.Double);
            Add(cmd, "max_running", l.MaxRunning, NpgsqlDbType.Integer);
            Add(cmd, "declared", l.Text);
            changed += await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return changed;
    }

    public async ValueTask<IReadOnlyList<JobLimit>> LimitListAsync()
    {
        await using var cmd = Command(_sql.LimitList);
        var list = new List<JobLimit>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(JobRows.ReadLimit(r));
        return list;
    }

    private static double? NullableDouble(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDouble(ordinal);
}
