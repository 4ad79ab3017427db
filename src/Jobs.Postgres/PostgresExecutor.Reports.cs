using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    /// <summary>Over every finished job (report_throughput_list.all.sql) or the minutes since a time (report_throughput_list.sql).</summary>
    public async ValueTask<IReadOnlyList<ThroughputRow>> ReportThroughputListAsync(DateTimeOffset? since)
    {
        await using var cmd = Command(since is null ? _sql.ReportThroughputListAll : _sql.ReportThroughputList);
        if (since is { } start) Add(cmd, "since", start, NpgsqlDbType.TimestampTz);
        var rows = new List<ThroughputRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new ThroughputRow(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)));
        return rows;
    }

    /// <summary>Over every finished job (report_runtime_list.all.sql) or those finished since a time (report_runtime_list.sql).</summary>
    public async ValueTask<IReadOnlyList<TaskRuntimeRow>> ReportRuntimeListAsync(DateTimeOffset? since)
    {
        await using var cmd = Command(since is null ? _sql.ReportRuntimeListAll : _sql.ReportRuntimeList);
        if (since is { } start) Add(cmd, "since", start, NpgsqlDbType.TimestampTz);
        var rows = new List<TaskRuntimeRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new TaskRuntimeRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8), Double(r, 9)));
        return rows;
    }

    public async ValueTask<IReadOnlyList<QueueDepthRow>> ReportQueueListAsync()
    {
        await using var cmd = Command(_sql.ReportQueueList);
        var rows = new List<QueueDepthRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            rows.Add(new QueueDepthRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
                r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), Double(r, 5)));
        return rows;
    }

    private static double? Double(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
