using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask<int> ScheduleUpsertManyAsync(IReadOnlyList<ScheduleUpsert> schedules) => Write((c, tx) =>
    {
        var changed = 0;
        foreach (var (s, nextRunAt) in schedules)
        {
            using var cmd = Command(c, tx, _sql.ScheduleUpsertMany);
            cmd.Parameters.AddWithValue("@name", s.Name);
            cmd.Parameters.AddWithValue("@task", s.Task);
            cmd.Parameters.AddWithValue("@args", s.ArgsJson);
            cmd.Parameters.AddWithValue("@queue", s.Queue);
            cmd.Parameters.AddWithValue("@priority", s.Priority);
            cmd.Parameters.AddWithValue("@cron", (object?)s.Cron ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@every_ms", (object?)s.EveryMs ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@time_zone", s.TimeZone);
            cmd.Parameters.AddWithValue("@catch_up", s.CatchUp);
            cmd.Parameters.AddWithValue("@next_run_at", SqliteTime.Parameter(nextRunAt));
            changed += cmd.ExecuteNonQuery();
        }
        return changed;
    });

    public ValueTask<IReadOnlyList<DueSchedule>> ScheduleDueListAsync(DateTimeOffset now, int limit) => Read<IReadOnlyList<DueSchedule>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleDueList);
        cmd.Parameters.AddWithValue("@now", SqliteTime.Format(now));
        cmd.Parameters.AddWithValue("@limit", limit);
        var due = new List<DueSchedule>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) due.Add(new DueSchedule(ReadDefinition(r), SqliteTime.Parse(r.GetString(9))));
        return due;
    });

    public ValueTask ScheduleAdvanceManyAsync(IReadOnlyList<ScheduleAdvance> advances) => new(Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleAdvanceMany);
        var name = cmd.Parameters.Add("@name", SqliteType.Text);
        var next = cmd.Parameters.Add("@next_run_at", SqliteType.Text);
        var fired = cmd.Parameters.Add("@fired_at", SqliteType.Text);
        var job = cmd.Parameters.Add("@job_id", SqliteType.Text);
        foreach (var a in advances)
        {
            name.Value = a.Name;
            next.Value = SqliteTime.Parameter(a.NextRunAt);
            fired.Value = SqliteTime.Parameter(a.FiredAt);
            job.Value = (object?)a.JobId?.ToString() ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
        return true;
    }).AsTask());

    public ValueTask<TimeSpan?> ScheduleNextDueDelayAsync() => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleNextDueDelay);
        using var r = cmd.ExecuteReader();
        if (!r.Read() || r.IsDBNull(0)) return (TimeSpan?)null;
        return SqliteTime.Parse(r.GetString(0)) - SqliteTime.Parse(r.GetString(1));
    });

    public ValueTask<IReadOnlyList<ScheduleInfo>> ScheduleListAsync() => Read<IReadOnlyList<ScheduleInfo>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleList);
        var list = new List<ScheduleInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new ScheduleInfo(ReadDefinition(r), r.GetInt64(9) != 0, Time(r, 10), Time(r, 11),
                r.IsDBNull(12) ? null : r.GetGuid(12), Time(r, 13)!.Value, Time(r, 14)!.Value));
        return list;
    });

    public ValueTask<bool> ScheduleDeleteAsync(string name) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleDelete);
        cmd.Parameters.AddWithValue("@name", name);
        return cmd.ExecuteNonQuery() > 0;
    });

    public ValueTask<bool> ScheduleEnabledSetAsync(string name, bool enabled) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ScheduleEnabledSet);
        cmd.Parameters.AddWithValue("@name", name);
        cmd.Parameters.AddWithValue("@enabled", enabled ? 1 : 0);
        return cmd.ExecuteNonQuery() > 0;
    });

    private static ScheduleDefinition ReadDefinition(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));
}
