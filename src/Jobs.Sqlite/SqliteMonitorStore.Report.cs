using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteMonitorStore
{
    /// <summary>The reporting views on one connection; with a window, its start is the database clock minus <paramref name="since"/>.</summary>
    public Task<JobsReport> ReportAsync(TimeSpan? since, CancellationToken ct) => ReadAsync(conn =>
    {
        // One read transaction: every view sees the same snapshot.
        using var tx = conn.BeginTransaction(deferred: true);
        DateTimeOffset? from = null;
        if (since is { } window)
        {
            using var now = Command(conn, tx, _sql.DbNow);
            from = SqliteTime.Parse((string)now.ExecuteScalar()!) - window;
        }

        var throughput = new List<ThroughputRow>();
        using (var cmd = Command(conn, tx, _sql.ReportThroughput))
        {
            cmd.Parameters.AddWithValue("@since", SqliteTime.Parameter(from));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                throughput.Add(new ThroughputRow(SqliteTime.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)));
        }

        var tasks = new List<TaskRuntimeRow>();
        using (var cmd = Command(conn, tx, from is null ? _sql.ReportRuntimeAll : _sql.ReportRuntime))
        {
            if (from is not null) cmd.Parameters.AddWithValue("@since", SqliteTime.Parameter(from));
            using var r = cmd.ExecuteReader();
            while (r.Read())
                tasks.Add(new TaskRuntimeRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                    Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8), Double(r, 9)));
        }

        var queues = new List<QueueDepthRow>();
        using (var cmd = Command(conn, tx, _sql.ReportQueues))
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
                queues.Add(new QueueDepthRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
                    r.IsDBNull(4) ? null : SqliteTime.Parse(r.GetString(4)), Double(r, 5)));
        }

        return new JobsReport { Since = from, Throughput = throughput, Tasks = tasks, Queues = queues };
    });

    private static double? Double(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
