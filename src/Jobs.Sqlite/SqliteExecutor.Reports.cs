using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    /// <summary>Over every finished job (report_throughput_list.all.sql) or the minutes since a time (report_throughput_list.sql).</summary>
    public ValueTask<IReadOnlyList<ThroughputRow>> ReportThroughputListAsync(DateTimeOffset? since) => Read<IReadOnlyList<ThroughputRow>>((c, tx) =>
    {
        using var cmd = Command(c, tx, since is null ? _sql.ReportThroughputListAll : _sql.ReportThroughputList);
        if (since is not null) cmd.Parameters.AddWithValue("@since", SqliteTime.Parameter(since));
        var rows = new List<ThroughputRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            rows.Add(new ThroughputRow(SqliteTime.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)));
        return rows;
    });

    /// <summary>Over every finished job (report_runtime_list.all.sql) or those finished since a time (report_runtime_list.sql).</summary>
    public ValueTask<IReadOnlyList<TaskRuntimeRow>> ReportRuntimeListAsync(DateTimeOffset? since) => Read<IReadOnlyList<TaskRuntimeRow>>((c, tx) =>
    {
        using var cmd = Command(c, tx, since is null ? _sql.ReportRuntimeListAll : _sql.ReportRuntimeList);
        if (since is not null) cmd.Parameters.AddWithValue("@since", SqliteTime.Parameter(since));
        var rows = new List<TaskRuntimeRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            rows.Add(new TaskRuntimeRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8), Double(r, 9)));
        return rows;
    });

    public ValueTask<IReadOnlyList<QueueDepthRow>> ReportQueueListAsync() => Read<IReadOnlyList<QueueDepthRow>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ReportQueueList);
        var rows = new List<QueueDepthRow>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            rows.Add(new QueueDepthRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
                r.IsDBNull(4) ? null : SqliteTime.Parse(r.GetString(4)), Double(r, 5)));
        return rows;
    });

    private static double? Double(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
