using Jobs.Limits;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    // Inside BEGIN IMMEDIATE the limit rows need no lock of their own: the transaction holds the file's write lock.
    public ValueTask<LimitStates> LimitStateListAsync(IReadOnlyList<string> queues) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitStateList);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        var states = new List<LimitState>();
        string? now = null;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            states.Add(new LimitState(LimitScopeText.Parse(r.GetString(0)), r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2),
                r.IsDBNull(3) ? null : r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt64(7)));
            now = r.GetString(8);
        }
        return new LimitStates(states, now is null ? default : SqliteTime.Parse(now));
    });

    public ValueTask<IReadOnlyList<LimitCandidate>> LimitCandidateListAsync(IReadOnlyList<string> queues, LimitPlan plan, int limit) => Read<IReadOnlyList<LimitCandidate>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitCandidateList);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        cmd.Parameters.AddWithValue("@limited_tasks", JsonArray(plan.LimitedTasks));
        cmd.Parameters.AddWithValue("@limited_queues", JsonArray(plan.LimitedQueues));
        cmd.Parameters.AddWithValue("@blocked_tasks", JsonArray(plan.BlockedTasks));
        cmd.Parameters.AddWithValue("@blocked_queues", JsonArray(plan.BlockedQueues));
        cmd.Parameters.AddWithValue("@limit", limit);
        var candidates = new List<LimitCandidate>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) candidates.Add(new LimitCandidate(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));
        return candidates;
    });

    public ValueTask LimitTokenSetManyAsync(IReadOnlyList<TokenWrite> writes, DateTimeOffset now) => new(Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitTokenSetMany);
        var scope = cmd.Parameters.Add("@scope", SqliteType.Text);
        var name = cmd.Parameters.Add("@name", SqliteType.Text);
        var tokens = cmd.Parameters.Add("@tokens", SqliteType.Real);
        cmd.Parameters.AddWithValue("@now", SqliteTime.Format(now));
        foreach (var w in writes)
        {
            scope.Value = w.Scope.ToText();
            name.Value = w.Name;
            tokens.Value = w.Tokens;
            cmd.ExecuteNonQuery();
        }
        return true;
    }).AsTask());

    public ValueTask<TimeSpan?> LimitNextRunDelayAsync(IReadOnlyList<string> queues, LimitPlan plan) => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitNextRunDelay);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        cmd.Parameters.AddWithValue("@limited_tasks", JsonArray(plan.LimitedTasks));
        cmd.Parameters.AddWithValue("@limited_queues", JsonArray(plan.LimitedQueues));
        return Milliseconds(cmd.ExecuteScalar());
    });

    public ValueTask<bool> LimitWaitingExistsAsync(IReadOnlyList<string> queues) => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitWaitingExists);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        return Convert.ToInt64(cmd.ExecuteScalar()) == 1;
    });

    public ValueTask<bool> LimitRateSetAsync(LimitScope scope, string name, RateLimit rate) => Write((c, tx) =>
    {
        using var cmd = LimitCommand(c, tx, _sql.LimitRateSet, scope, name);
        cmd.Parameters.AddWithValue("@rate", rate.ToString());
        cmd.Parameters.AddWithValue("@per_second", rate.PerSecond);
        cmd.Parameters.AddWithValue("@burst", rate.Burst);
        return cmd.ExecuteNonQuery() > 0;
    });

    public ValueTask<bool> LimitRateClearAsync(LimitScope scope, string name) => Write((c, tx) =>
    {
        using var cmd = LimitCommand(c, tx, _sql.LimitRateClear, scope, name);
        return cmd.ExecuteNonQuery() > 0;
    });

    public ValueTask<bool> LimitConcurrencySetAsync(LimitScope scope, string name, int maxRunning) => Write((c, tx) =>
    {
        using var cmd = LimitCommand(c, tx, _sql.LimitConcurrencySet, scope, name);
        cmd.Parameters.AddWithValue("@max_running", maxRunning);
        return cmd.ExecuteNonQuery() > 0;
    });

    public ValueTask<bool> LimitConcurrencyClearAsync(LimitScope scope, string name) => Write((c, tx) =>
    {
        using var cmd = LimitCommand(c, tx, _sql.LimitConcurrencyClear, scope, name);
        return cmd.ExecuteNonQuery() > 0;
    });

    private static SqliteCommand LimitCommand(SqliteConnection c, SqliteTransaction tx, string sql, LimitScope scope, string name)
    {
        var cmd = Command(c, tx, sql);
        cmd.Parameters.AddWithValue("@scope", scope.ToText());
        cmd.Parameters.AddWithValue("@name", name);
        return cmd;
    }

    public ValueTask<int> LimitDeclareManyAsync(IReadOnlyList<LimitDeclaration> limits) => Write((c, tx) =>
    {
        var changed = 0;
        foreach (var l in limits)
        {
            using var cmd = Command(c, tx, _sql.LimitDeclareMany);
            cmd.Parameters.AddWithValue("@scope", l.Scope.ToText());
            cmd.Parameters.AddWithValue("@name", l.Name);
            cmd.Parameters.AddWithValue("@rate", (object?)l.Rate?.ToString() ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@per_second", (object?)l.Rate?.PerSecond ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@burst", (object?)l.Rate?.Burst ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@max_running", (object?)l.MaxRunning ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@declared", l.Text);
            changed += cmd.ExecuteNonQuery();
        }
        return changed;
    });

    public ValueTask<IReadOnlyList<JobLimit>> LimitListAsync() => Read<IReadOnlyList<JobLimit>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.LimitList);
        var list = new List<JobLimit>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(JobRows.ReadLimit(r));
        return list;
    });
}
