using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresMonitorStore
{
    /// <summary>The reporting views on one connection; with a window, its start is the database clock minus <paramref name="since"/>.</summary>
    public Task<JobsReport> ReportAsync(TimeSpan? since, CancellationToken ct) => Run(async () =>
    {
        await using var conn = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        // One snapshot for every view (read-only: nothing to commit).
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct).ConfigureAwait(false);
        DateTimeOffset? from = null;
        if (since is { } window)
        {
            await using var now = Command(_sql.DbNow, conn);
            from = new DateTimeOffset((DateTime)(await now.ExecuteScalarAsync(ct).ConfigureAwait(false))!, TimeSpan.Zero) - window;
        }

        var throughput = new List<ThroughputRow>();
        await using (var cmd = Command(_sql.ReportThroughput, conn))
        {
            cmd.Parameters.Add(new NpgsqlParameter("since", NpgsqlDbType.TimestampTz) { Value = from is { } f ? f : DBNull.Value });
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                throughput.Add(new ThroughputRow(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)));
        }

        var tasks = new List<TaskRuntimeRow>();
        await using (var cmd = Command(from is null ? _sql.ReportRuntimeAll : _sql.ReportRuntime, conn))
        {
            if (from is { } start) Add(cmd, "since", start, NpgsqlDbType.TimestampTz);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                tasks.Add(new TaskRuntimeRow(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                    Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8), Double(r, 9)));
        }

        var queues = new List<QueueDepthRow>();
        await using (var cmd = Command(_sql.ReportQueues, conn))
        {
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                queues.Add(new QueueDepthRow(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3),
                    r.IsDBNull(4) ? null : r.GetFieldValue<DateTimeOffset>(4), Double(r, 5)));
        }

        return new JobsReport { Since = from, Throughput = throughput, Tasks = tasks, Queues = queues };
    });

    private static double? Double(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
