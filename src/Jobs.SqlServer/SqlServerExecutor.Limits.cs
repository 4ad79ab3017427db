using System.Data;
using Jobs.Limits;
using Jobs.Storage;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    // limit_state_list.lock.sql, then limit_state_list.sql, in one batch: the read is a statement of its own, so it
    // starts after the lock was granted and sees what earlier lock holders committed.
    public async ValueTask<LimitStates> LimitStateListAsync(IReadOnlyList<string> queues)
    {
        using var cmd = Command(_sql.LimitStateList);
        Json(cmd, "queues", SqlJson.Strings(queues));
        var states = new List<LimitState>();
        DateTime? now = null;
        await using (var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                states.Add(new LimitState(LimitScopeText.Parse(r.GetString(0)), r.GetString(1), NullableDouble(r, 2), NullableDouble(r, 3),
                    r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt64(7)));
                now = r.GetDateTime(8);
            }
        // No active limit: the buckets' clock is read on its own (the claim still needs the database's now).
        return new LimitStates(states, now is { } n ? Utc(n) : await ClockNowAsync().ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<LimitCandidate>> LimitCandidateListAsync(IReadOnlyList<string> queues, LimitPlan plan, int limit)
    {
        using var cmd = Command(_sql.LimitCandidateList);
        Json(cmd, "queues", SqlJson.Strings(queues));
        AddPlan(cmd, plan);
        Json(cmd, "blocked_tasks", SqlJson.Strings(plan.BlockedTasks));
        Json(cmd, "blocked_queues", SqlJson.Strings(plan.BlockedQueues));
        Int(cmd, "limit", limit);
        var candidates = new List<LimitCandidate>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            candidates.Add(new LimitCandidate(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));
        return candidates;
    }

    public async ValueTask LimitTokenSetManyAsync(IReadOnlyList<TokenWrite> writes, DateTimeOffset now)
    {
        using var cmd = Command(_sql.LimitTokenSetMany);
        Json(cmd, "tokens", SqlJson.Objects(writes, static (w, t) => w.Str("scope", t.Scope.ToText()).Str("name", t.Name).Float("tokens", t.Tokens)));
        Time(cmd, "now", now);
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<TimeSpan?> LimitNextRunDelayAsync(IReadOnlyList<string> queues, LimitPlan plan)
    {
        using var cmd = Command(_sql.LimitNextRunDelay);
        Json(cmd, "queues", SqlJson.Strings(queues));
        AddPlan(cmd, plan);
        return DelayMs(await runner.ScalarAsync(cmd, ct).ConfigureAwait(false));
    }

    private static void AddPlan(SqlCommand cmd, LimitPlan plan)
    {
        Json(cmd, "limited_tasks", SqlJson.Strings(plan.LimitedTasks));
        Json(cmd, "limited_queues", SqlJson.Strings(plan.LimitedQueues));
    }

    public async ValueTask<bool> LimitWaitingExistsAsync(IReadOnlyList<string> queues)
    {
        using var cmd = Command(_sql.LimitWaitingExists);
        Json(cmd, "queues", SqlJson.Strings(queues));
        return await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is true;
    }

    public async ValueTask<bool> LimitRateSetAsync(LimitScope scope, string name, RateLimit rate)
    {
        using var cmd = LimitCommand(_sql.LimitRateSet, scope, name);
        Text(cmd, "rate", rate.ToString(), 100);
        Add(cmd, "per_second", SqlDbType.Float, rate.PerSecond);
        Add(cmd, "burst", SqlDbType.Float, rate.Burst);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitRateClearAsync(LimitScope scope, string name)
    {
        using var cmd = LimitCommand(_sql.LimitRateClear, scope, name);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitConcurrencySetAsync(LimitScope scope, string name, int maxRunning)
    {
        using var cmd = LimitCommand(_sql.LimitConcurrencySet, scope, name);
        Int(cmd, "max_running", maxRunning);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> LimitConcurrencyClearAsync(LimitScope scope, string name)
    {
        using var cmd = LimitCommand(_sql.LimitConcurrencyClear, scope, name);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    private static SqlCommand LimitCommand(string text, LimitScope scope, string name)
    {
        var cmd = Command(text);
        Text(cmd, "scope", scope.ToText(), 10);
        Text(cmd, "name", name);
        return cmd;
    }

    public async ValueTask<int> LimitDeclareManyAsync(IReadOnlyList<LimitDeclaration> limits)
    {
        var changed = 0;
        foreach (var l in limits)
        {
            using var cmd = LimitCommand(_sql.LimitDeclareMany, l.Scope, l.Name);
            Text(cmd, "rate", l.Rate?.ToString(), 100);
            Add(cmd, "per_second", SqlDbType.Float, l.Rate?.PerSecond);
            Add(cmd, "burst", SqlDbType.Float, l.Rate?.Burst);
            Int(cmd, "max_running", l.MaxRunning);
            Text(cmd, "declared", l.Text, 400);
            changed += await CountAsync(cmd).ConfigureAwait(false);
        }
        return changed;
    }

    public async ValueTask<IReadOnlyList<JobLimit>> LimitListAsync()
    {
        using var cmd = Command(_sql.LimitList);
        var list = new List<JobLimit>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(JobRows.ReadLimit(r));
        return list;
    }

    private static double? NullableDouble(System.Data.Common.DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDouble(ordinal);
}
