using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    /// <summary>The batch in one write transaction, one prepared insert per event (SQLite has no array parameters).</summary>
    public ValueTask EventInsertManyAsync(IReadOnlyList<JobEvent> events) => events.Count == 0 ? ValueTask.CompletedTask : Execute((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.EventInsertMany);
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
    });

    public ValueTask<IReadOnlyList<JobEvent>> EventListAsync(long afterId, int limit) => Read<IReadOnlyList<JobEvent>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.EventList);
        cmd.Parameters.AddWithValue("@after", afterId);
        cmd.Parameters.AddWithValue("@limit", limit);
        var events = new List<JobEvent>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            events.Add(JsonSerializer.Deserialize<JobEvent>(r.GetString(1), ControlJson.Options)! with { Id = r.GetInt64(0) });
        return events;
    });

    public ValueTask<long> EventLastIdAsync() => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.EventLastId);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    public ValueTask<int> EventPruneAsync(TimeSpan olderThan) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.EventPrune);
        cmd.Parameters.AddWithValue("@older_ms", Ms(olderThan));
        return cmd.ExecuteNonQuery();
    });
}
