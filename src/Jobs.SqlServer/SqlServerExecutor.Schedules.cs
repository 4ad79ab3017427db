using System.Data;
using System.Data.Common;
using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask<int> ScheduleUpsertManyAsync(IReadOnlyList<ScheduleUpsert> schedules)
    {
        var changed = 0;
        foreach (var (s, nextRunAt) in schedules)
        {
            using var cmd = Command(_sql.ScheduleUpsertMany);
            Text(cmd, "name", s.Name);
            Text(cmd, "task", s.Task);
            Json(cmd, "args", s.ArgsJson);
            Text(cmd, "queue", s.Queue);
            Add(cmd, "priority", SqlDbType.SmallInt, s.Priority);
            Text(cmd, "cron", s.Cron);
            Long(cmd, "every_ms", s.EveryMs);
            Text(cmd, "time_zone", s.TimeZone, 100);
            Text(cmd, "catch_up", s.CatchUp, 10);
            Time(cmd, "next_run_at", nextRunAt);
            changed += await CountAsync(cmd).ConfigureAwait(false);
        }
        return changed;
    }

    public async ValueTask<IReadOnlyList<DueSchedule>> ScheduleDueListAsync(DateTimeOffset now, int limit)
    {
        using var cmd = Command(_sql.ScheduleDueList);
        Time(cmd, "now", now);
        Int(cmd, "limit", limit);
        var due = new List<DueSchedule>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) due.Add(new DueSchedule(ReadDefinition(r), Utc(r.GetDateTime(9))));
        return due;
    }

    public async ValueTask ScheduleAdvanceManyAsync(IReadOnlyList<ScheduleAdvance> advances)
    {
        using var cmd = Command(_sql.ScheduleAdvanceMany);
        Json(cmd, "advances", SqlJson.Objects(advances, static (w, a) => w
            .Str("name", a.Name).Time("next_run_at", a.NextRunAt).Time("fired_at", a.FiredAt).Id("job_id", a.JobId)));
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<TimeSpan?> ScheduleNextDueDelayAsync()
    {
        using var cmd = Command(_sql.ScheduleNextDueDelay);
        // Negative when a schedule is overdue: the beat fires it at once (as PostgreSQL's interval says).
        return await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is double ms ? TimeSpan.FromMilliseconds(ms) : null;
    }

    public async ValueTask<IReadOnlyList<ScheduleInfo>> ScheduleListAsync()
    {
        using var cmd = Command(_sql.ScheduleList);
        var list = new List<ScheduleInfo>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new ScheduleInfo(ReadDefinition(r), r.GetBoolean(9), Time(r, 10), Time(r, 11),
                r.IsDBNull(12) ? null : r.GetGuid(12), Time(r, 13)!.Value, Time(r, 14)!.Value));
        return list;
    }

    public async ValueTask<bool> ScheduleDeleteAsync(string name)
    {
        using var cmd = Command(_sql.ScheduleDelete);
        Text(cmd, "name", name);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> ScheduleEnabledSetAsync(string name, bool enabled)
    {
        using var cmd = Command(_sql.ScheduleEnabledSet);
        Text(cmd, "name", name);
        Bit(cmd, "enabled", enabled);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    private static ScheduleDefinition ReadDefinition(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));
}
