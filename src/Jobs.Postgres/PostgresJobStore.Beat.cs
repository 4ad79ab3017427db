using Jobs.Beat;
using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task<int> UpsertSchedulesAsync(IReadOnlyList<ScheduleDefinition> schedules, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = await DbNowAsync(conn, tx, ct).ConfigureAwait(false);
        var changed = 0;
        foreach (var s in schedules)
        {
            await using var cmd = Command(_sql.ScheduleUpsert, conn, tx);
            Add(cmd, "name", s.Name);
            Add(cmd, "task", s.Task);
            Add(cmd, "args", s.ArgsJson);
            Add(cmd, "queue", s.Queue);
            Add(cmd, "priority", s.Priority);
            Add(cmd, "cron", s.Cron, NpgsqlDbType.Text);
            Add(cmd, "every_ms", s.EveryMs, NpgsqlDbType.Bigint);
            Add(cmd, "time_zone", s.TimeZone);
            Add(cmd, "catch_up", s.CatchUp);
            Add(cmd, "next_run_at", ScheduleSlots.First(s, now)?.UtcDateTime, NpgsqlDbType.TimestampTz);
            changed += await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return changed;
    });

    public Task<BeatRound> FireDueSchedulesAsync(BeatRequest request, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await conn.BeginTransactionAsync(ct).ConfigureAwait(false);
        var now = await DbNowAsync(conn, tx, ct).ConfigureAwait(false);

        var due = new List<(ScheduleDefinition Schedule, DateTimeOffset Slot)>();
        await using (var cmd = Command(_sql.ScheduleDue, conn, tx))
        {
            Add(cmd, "now", now.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(cmd, "limit", request.Limit);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                due.Add((ReadDefinition(r), new DateTimeOffset(r.GetDateTime(9), TimeSpan.Zero)));
        }

        var jobs = new List<NewJob>();
        foreach (var (schedule, slot) in due)
        {
            var (fire, next) = ScheduleSlots.Decide(schedule, slot, now);
            var job = fire ? request.JobFor(schedule, slot) : null;
            if (job is not null) jobs.Add(job);
            await using var cmd = Command(_sql.ScheduleAdvance, conn, tx);
            Add(cmd, "name", schedule.Name);
            Add(cmd, "next_run_at", next?.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(cmd, "fired_at", job is null ? (DateTime?)null : now.UtcDateTime, NpgsqlDbType.TimestampTz);
            Add(cmd, "job_id", job?.Id, NpgsqlDbType.Uuid);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        if (jobs.Count > 0) await InsertAsync(jobs, conn, tx, notifyInline: true, ct).ConfigureAwait(false); // notifies the queues at commit

        TimeSpan? nextDueIn;
        await using (var cmd = Command(_sql.ScheduleNextDue, conn, tx))
            nextDueIn = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is TimeSpan t ? t : null;
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new BeatRound(jobs.Count, nextDueIn);
    });

    public Task<IReadOnlyList<ScheduleInfo>> ListSchedulesAsync(CancellationToken ct) => Run<IReadOnlyList<ScheduleInfo>>(async () =>
    {
        await using var cmd = Command(_sql.ScheduleList);
        var list = new List<ScheduleInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            list.Add(new ScheduleInfo(ReadDefinition(r), r.GetBoolean(9), Time(r, 10), Time(r, 11),
                r.IsDBNull(12) ? null : r.GetGuid(12), Time(r, 13)!.Value, Time(r, 14)!.Value));
        return list;
    });

    public Task<bool> RemoveScheduleAsync(string name, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.ScheduleRemove);
        Add(cmd, "name", name);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    });

    public Task<bool> SetScheduleEnabledAsync(string name, bool enabled, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.ScheduleEnable);
        Add(cmd, "name", name);
        Add(cmd, "enabled", enabled);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    });

    private static ScheduleDefinition ReadDefinition(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt16(4),
        r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetInt64(6), r.GetString(7), r.GetString(8));

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetDateTime(i), TimeSpan.Zero);
}
