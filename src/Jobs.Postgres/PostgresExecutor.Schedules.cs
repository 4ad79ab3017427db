using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask<int> ScheduleUpsertManyAsync(IReadOnlyList<ScheduleUpsert> schedules)
    {
        var changed = 0;
        foreach (var (s, nextRunAt) in schedules)
        {
            await using var cmd = Command(_sql.ScheduleUpsertMany);
            Add(cmd, "name", s.Name);
            Add(cmd, "task", s.Task);
            Add(cmd, "args", s.ArgsJson);
            Add(cmd, "queue", s.Queue);
            Add(cmd, "priority", s.Priority);
            Add(cmd, "cron", s.Cron, NpgsqlDbType.Text);
            Add(cmd, "every_ms", s.EveryMs, NpgsqlDbType.Bigint);
            Add(cmd, "time_zone", s.TimeZone);
            Add(cmd, "catch_up", s.CatchUp);
            Add(cmd, "next_run_at", nextRunAt?.UtcDateTime, NpgsqlDbType.TimestampTz);
            changed += await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return changed;
    }

    public async ValueTask<IReadOnlyList<DueSchedule>> ScheduleDueListAsync(DateTimeOffset now, int limit)
    {
        await using var cmd = Command(_sql.ScheduleDueList);
        Add(cmd, "now", now.UtcDateTime, NpgsqlDbType.TimestampTz);
        Add(cmd, "limit", limit);
        var due = new List<DueSchedule>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            due.Add(new DueSchedule(ReadDefinition(r), new DateTimeOffset(r.GetDateTime(9), TimeSpan.Zero)));
        return due;
    }

    public async ValueTask ScheduleAdvanceManyAsync(IReadOnlyList<ScheduleAdvance> advances)
    {
        await using var cmd = Command(_sql.ScheduleAdvanceMany);
        Add(cmd, "names", advances.Select(a => a.Name).ToArray());
        Add(cmd, "next_run_ats", advances.Select(a => a.NextRunAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(cmd, "fired_ats", advances.Select(a => a.FiredAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(cmd, "job_ids", advances.Select(a => a.JobId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Uuid);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<TimeSpan?> ScheduleNextDueDelayAsync()
    {
        await using var cmd = Command(_sql.ScheduleNextDueDelay);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is TimeSpan t ? t : null;
    }

    public async ValueTask<IReadOnlyList<ScheduleInfo>> ScheduleListAsync()
    {
        await using var cmd = Command(_sql.ScheduleList);
        var list = new List<ScheduleInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new ScheduleInfo(ReadDefinition(r), r.GetBoolean(9), Time(r, 10), Time(r, 11),
                r.IsDBNull(12) ? null : r.GetGuid(12), Time(r, 13)!.Value, Time(r, 14)!.Value));
        return list;
    }

    public async ValueTask<bool> ScheduleDeleteAsync(string name)
    {
        await using var cmd = Command(_sql.ScheduleDelete);
        Add(cmd, "name", name);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async ValueTask<bool> ScheduleEnabledSetAsync(string name, bool enabled)
    {
        await using var cmd = Command(_sql.ScheduleEnabledSet);
        Add(cmd, "name", name);
        Add(cmd, "enabled", enabled);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    private static ScheduleDefinition ReadDefinition(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));
}
