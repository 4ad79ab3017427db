using System.Globalization;
using System.Text.Json;
using Jobs.Storage;

namespace Jobs.Sqlite;

internal sealed partial class SqliteMonitorStore
{
    public Task<long> SendControlAsync(string command, string argsJson, string? destination, TimeSpan ttl, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.ControlSend);
        cmd.Parameters.AddWithValue("@command", command);
        cmd.Parameters.AddWithValue("@args", argsJson);
        cmd.Parameters.AddWithValue("@destination", (object?)destination ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@ttl_ms", Ms(ttl));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }, ct);

    public Task<IReadOnlyList<ControlRequest>> ReadControlAsync(long afterId, string worker, CancellationToken ct) => ReadAsync<IReadOnlyList<ControlRequest>>(conn =>
    {
        using var cmd = Command(conn, null, _sql.ControlRead);
        cmd.Parameters.AddWithValue("@after", afterId);
        cmd.Parameters.AddWithValue("@worker", worker);
        var requests = new List<ControlRequest>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            requests.Add(new ControlRequest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                SqliteTime.Parse(r.GetString(4)), SqliteTime.Parse(r.GetString(5))));
        return requests;
    });

    public Task<long> LastControlIdAsync(CancellationToken ct) => ReadAsync(conn =>
    {
        using var cmd = Command(conn, null, _sql.ControlLastId);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    public Task ReplyControlAsync(long requestId, string worker, string replyJson, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.ControlReply);
        cmd.Parameters.AddWithValue("@request_id", requestId);
        cmd.Parameters.AddWithValue("@worker", worker);
        cmd.Parameters.AddWithValue("@reply", replyJson);
        return cmd.ExecuteNonQuery();
    }, ct);

    public Task<IReadOnlyList<WorkerReply>> ReadRepliesAsync(long requestId, CancellationToken ct) => ReadAsync<IReadOnlyList<WorkerReply>>(conn =>
    {
        using var cmd = Command(conn, null, _sql.ControlReplies);
        cmd.Parameters.AddWithValue("@request_id", requestId);
        var replies = new List<WorkerReply>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            using var reply = JsonDocument.Parse(r.GetString(1));
            replies.Add(new WorkerReply(r.GetString(0), reply.RootElement.Clone(), SqliteTime.Parse(r.GetString(2))));
        }
        return replies;
    });

    public Task<int> PruneControlAsync(CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.ControlPrune);
        var pruned = 0;
        using (var r = cmd.ExecuteReader())
            while (r.Read()) pruned++;
        return pruned;
    }, ct);
}
