using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteMonitorStore
{
    /// <summary>The batch in one write transaction, one prepared insert per event (SQLite has no array parameters).</summary>
    public Task InsertEventsAsync(IReadOnlyList<JobEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return Task.CompletedTask;
        return WriteAsync((conn, tx) =>
        {
            using var cmd = Command(conn, tx, _sql.InsertEvent);
            var at = cmd.Parameters.Add("@at", SqliteType.Text);
            var type = cmd.Parameters.Add("@type", SqliteType.Text);
            var jobId = cmd.Parameters.Add("@job_id", SqliteType.Text);
            var task = cmd.Parameters.Add("@task", SqliteType.Text);
            var queue = cmd.Parameters.Add("@queue", SqliteType.Text);
            var worker = cmd.Parameters.Add("@worker", SqliteType.Text);
            var data = cmd.Parameters.Add("@data", SqliteType.Text);
            cmd.Prepare();
            foreach (var e in events)
            {
                at.Value = SqliteTime.Format(e.Timestamp);
                type.Value = e.Type;
                jobId.Value = e.JobId is { } id ? id.ToString() : DBNull.Value;
                task.Value = (object?)e.Task ?? DBNull.Value;
                queue.Value = (object?)e.Queue ?? DBNull.Value;
                worker.Value = (object?)e.Worker ?? DBNull.Value;
                data.Value = JsonSerializer.Serialize(e with { Id = 0 }, ControlJson.Options);
                cmd.ExecuteNonQuery();
            }
            return events.Count;
        }, ct);
    }

    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(long afterId, int limit, CancellationToken ct) => ReadAsync<IReadOnlyList<JobEvent>>(conn =>
    {
        using var cmd = Command(conn, null, _sql.ReadEvents);
        cmd.Parameters.AddWithValue("@after", afterId);
        cmd.Parameters.AddWithValue("@limit", Math.Max(0, limit));
        var events = new List<JobEvent>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            events.Add(JsonSerializer.Deserialize<JobEvent>(r.GetString(1), ControlJson.Options)! with { Id = r.GetInt64(0) });
        return events;
    });

    public Task<long> LastEventIdAsync(CancellationToken ct) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, null, _sql.LastEventId);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });

    public Task<int> PruneEventsAsync(TimeSpan olderThan, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.PruneEvents);
        cmd.Parameters.AddWithValue("@older_ms", Ms(olderThan));
        return cmd.ExecuteNonQuery();
    }, ct);
}
