using Jobs.Limits;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<LimitedClaim> ClaimLimitedAsync(ClaimRequest request, CancellationToken ct)
    {
        var queues = JsonArray(request.Queues);
        var (claimed, plan, nextRun) = await WriteAsync((c, tx) =>
        {
            var (states, now) = ReadLimitStates(c, tx, queues);
            if (states.Count == 0) return (new List<(ClaimedJob, string)>(), (LimitPlan?)null, (TimeSpan?)null);
            var plan = new LimitPlan(states);
            var claimed = new List<(ClaimedJob Job, string RunAt)>();
            if (plan.AnyOpen)
            {
                var chosen = plan.Choose(ReadCandidates(c, tx, queues, plan, request.Limit), request.Limit);
                if (chosen.Count > 0)
                {
                    using var cmd = Command(c, tx, _sql.ClaimIds);
                    cmd.Parameters.AddWithValue("@ids", JsonArray(chosen.Select(id => id.ToString())));
                    claimed = ReadClaimed(cmd, request);
                }
            }
            using (var cmd = Command(c, tx, _sql.LimitTokens))
            {
                var scope = cmd.Parameters.Add("@scope", SqliteType.Text);
                var name = cmd.Parameters.Add("@name", SqliteType.Text);
                var tokens = cmd.Parameters.Add("@tokens", SqliteType.Real);
                cmd.Parameters.AddWithValue("@now", now);
                foreach (var w in plan.TokenWrites)
                {
                    scope.Value = w.Scope.ToText();
                    name.Value = w.Name;
                    tokens.Value = w.Tokens;
                    cmd.ExecuteNonQuery();
                }
            }
            using (var cmd = Command(c, tx, _sql.LimitNextRun))
            {
                cmd.Parameters.AddWithValue("@queues", queues);
                cmd.Parameters.AddWithValue("@limited_tasks", JsonArray(plan.LimitedTasks));
                cmd.Parameters.AddWithValue("@limited_queues", JsonArray(plan.LimitedQueues));
                var next = cmd.ExecuteScalar() is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : (TimeSpan?)null;
                return (claimed, plan, next);
            }
        }, ct).ConfigureAwait(false);
        return plan is null ? LimitedClaim.None : LimitedClaim.Of(Claimed(claimed), plan, nextRun);
    }

    public Task<bool> HasLimitedWorkAsync(IReadOnlyList<string> queues, CancellationToken ct) => ReadAsync(c =>
    {
        using var cmd = Command(c, null, _sql.LimitWaiting);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        return Convert.ToInt64(cmd.ExecuteScalar()) == 1;
    });

    private (List<LimitState> States, string Now) ReadLimitStates(SqliteConnection c, SqliteTransaction tx, string queues)
    {
        using var cmd = Command(c, tx, _sql.LimitState);
        cmd.Parameters.AddWithValue("@queues", queues);
        var states = new List<LimitState>();
        var now = "";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            states.Add(new LimitState(LimitScopeText.Parse(r.GetString(0)), r.GetString(1), r.IsDBNull(2) ? null : r.GetDouble(2),
                r.IsDBNull(3) ? null : r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.IsDBNull(6) ? null : r.GetInt32(6), r.GetInt64(7)));
            now = r.GetString(8);
        }
        return (states, now);
    }

    private List<LimitCandidate> ReadCandidates(SqliteConnection c, SqliteTransaction tx, string queues, LimitPlan plan, int limit)
    {
        using var cmd = Command(c, tx, _sql.LimitCandidates);
        cmd.Parameters.AddWithValue("@queues", queues);
        cmd.Parameters.AddWithValue("@limited_tasks", JsonArray(plan.LimitedTasks));
        cmd.Parameters.AddWithValue("@limited_queues", JsonArray(plan.LimitedQueues));
        cmd.Parameters.AddWithValue("@blocked_tasks", JsonArray(plan.BlockedTasks));
        cmd.Parameters.AddWithValue("@blocked_queues", JsonArray(plan.BlockedQueues));
        cmd.Parameters.AddWithValue("@limit", limit);
        var candidates = new List<LimitCandidate>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) candidates.Add(new LimitCandidate(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetBoolean(3)));
        return candidates;
    }

    public Task<bool> SetRateLimitAsync(LimitScope scope, string name, RateLimit? rate, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, rate is null ? _sql.LimitClearRate : _sql.LimitSetRate);
        cmd.Parameters.AddWithValue("@scope", scope.ToText());
        cmd.Parameters.AddWithValue("@name", name);
        if (rate is { } r)
        {
            cmd.Parameters.AddWithValue("@rate", r.ToString());
            cmd.Parameters.AddWithValue("@per_second", r.PerSecond);
            cmd.Parameters.AddWithValue("@burst", r.Burst);
        }
        return cmd.ExecuteNonQuery() > 0;
    }, ct);

    public Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, maxRunning is null ? _sql.LimitClearConcurrency : _sql.LimitSetConcurrency);
        cmd.Parameters.AddWithValue("@scope", scope.ToText());
        cmd.Parameters.AddWithValue("@name", name);
        if (maxRunning is { } max) cmd.Parameters.AddWithValue("@max_running", max);
        return cmd.ExecuteNonQuery() > 0;
    }, ct);

    public Task<int> DeclareLimitsAsync(IReadOnlyList<LimitDeclaration> limits, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        var changed = 0;
        foreach (var l in limits)
        {
            using var cmd = Command(c, tx, _sql.LimitDeclare);
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
    }, ct);

    public Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken ct) => ReadAsync<IReadOnlyList<JobLimit>>(c =>
    {
        using var cmd = Command(c, null, _sql.LimitList);
        var list = new List<JobLimit>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(JobRows.ReadLimit(r));
        return list;
    });
}
