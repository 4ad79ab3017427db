using Jobs.Beat;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public Task<int> UpsertSchedulesAsync(IReadOnlyList<ScheduleDefinition> schedules, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        var now = DbNow(c, tx);
        var changed = 0;
        foreach (var s in schedules)
        {
            using var cmd = Command(c, tx, _sql.ScheduleUpsert);
            cmd.Parameters.AddWithValue("@name", s.Name);
            cmd.Parameters.AddWithValue("@task", s.Task);
            cmd.Parameters.AddWithValue("@args", s.ArgsJson);
            cmd.Parameters.AddWithValue("@queue", s.Queue);
            cmd.Parameters.AddWithValue("@priority", s.Priority);
            cmd.Parameters.AddWithValue("@cron", (object?)s.Cron ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@every_ms", (object?)s.EveryMs ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@time_zone", s.TimeZone);
            cmd.Parameters.AddWithValue("@catch_up", s.CatchUp);
            cmd.Parameters.AddWithValue("@next_run_at", SqliteTime.Parameter(ScheduleSlots.First(s, now)));
            changed += cmd.ExecuteNonQuery();
        }
        return changed;
    }, ct);

    public async Task<BeatRound> FireDueSchedulesAsync(BeatRequest request, CancellationToken ct)
    {
        var (jobs, nextDueIn) = await WriteAsync((c, tx) =>
        {
            var now = DbNow(c, tx);
            var due = new List<(ScheduleDefinition Schedule, DateTimeOffset Slot)>();
            using (var cmd = Command(c, tx, _sql.ScheduleDue))
            {
                cmd.Parameters.AddWithValue("@now", SqliteTime.Format(now));
                cmd.Parameters.AddWithValue("@limit", request.Limit);
                using var r = cmd.ExecuteReader();
                while (r.Read()) due.Add((ReadDefinition(r), SqliteTime.Parse(r.GetString(9))));
            }

            var jobs = new List<NewJob>();
            foreach (var (schedule, slot) in due)
            {
                var (fire, next) = ScheduleSlots.Decide(schedule, slot, now);
                var job = fire ? request.JobFor(schedule, slot) : null;
                if (job is not null) jobs.Add(job);
                using var cmd = Command(c, tx, _sql.ScheduleAdvance);
                cmd.Parameters.AddWithValue("@name", schedule.Name);
                cmd.Parameters.AddWithValue("@next_run_at", SqliteTime.Parameter(next));
                cmd.Parameters.AddWithValue("@fired_at", job is null ? DBNull.Value : SqliteTime.Format(now));
                cmd.Parameters.AddWithValue("@job_id", (object?)job?.Id.ToString() ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
            if (jobs.Count > 0) Insert(jobs, c, tx);

            using var nextCmd = Command(c, tx, _sql.ScheduleNextDue);
            TimeSpan? nextDueIn = nextCmd.ExecuteScalar() is string t ? SqliteTime.Parse(t) - now : null;
            return (jobs, nextDueIn);
        }, ct).ConfigureAwait(false);

        foreach (var queue in jobs.Select(j => j.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        return new BeatRound(jobs.Count, nextDueIn);
    }

    public Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken ct) => ReadAsync<IReadOnlyList<ScheduleInfo>>(c =>
    {
        using var cmd = Command(c, null, _sql.ScheduleList);
        var list = new List<ScheduleInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new ScheduleInfo(ReadDefinition(r), r.GetInt64(9) != 0, Time(r, 10), Time(r, 11),
                r.IsDBNull(12) ? null : r.GetGuid(12), Time(r, 13)!.Value, Time(r, 14)!.Value));
        return list;
    });

    public Task<bool> RemoveScheduleAsync(string name, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleRemove);
        cmd.Parameters.AddWithValue("@name", name);
        return cmd.ExecuteNonQuery() > 0;
    }, ct);

    public Task<bool> SetScheduleEnabledAsync(string name, bool enabled, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleEnable);
        cmd.Parameters.AddWithValue("@name", name);
        cmd.Parameters.AddWithValue("@enabled", enabled ? 1 : 0);
        return cmd.ExecuteNonQuery() > 0;
    }, ct);

    private DateTimeOffset DbNow(SqliteConnection c, SqliteTransaction tx)
    {
        using var cmd = Command(c, tx, _sql.DbNow);
        return SqliteTime.Parse((string)cmd.ExecuteScalar()!);
    }

    private static ScheduleDefinition ReadDefinition(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : SqliteTime.Parse(r.GetString(i));
}
