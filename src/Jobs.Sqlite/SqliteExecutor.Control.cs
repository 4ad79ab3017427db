using Jobs.Storage;
using System.Globalization;
using System.Text.Json;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask<long> ControlSendAsync(string command, string argsJson, string? destination, TimeSpan ttl) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlSend);
        cmd.Parameters.AddWithValue("@command", command);
        cmd.Parameters.AddWithValue("@args", argsJson);
        cmd.Parameters.AddWithValue("@destination", (object?)destination ?? DBNull.Value);
        cmd.Parameters.AddWithValue("@ttl_ms", Ms(ttl));
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    public ValueTask<IReadOnlyList<ControlRequest>> ControlListAsync(long afterId, string worker) => Read<IReadOnlyList<ControlRequest>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlList);
        cmd.Parameters.AddWithValue("@after", afterId);
        cmd.Parameters.AddWithValue("@worker", worker);
        var requests = new List<ControlRequest>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            requests.Add(new ControlRequest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                SqliteTime.Parse(r.GetString(4)), SqliteTime.Parse(r.GetString(5))));
        return requests;
    });

    public ValueTask<long> ControlLastIdAsync() => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlLastId);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    public ValueTask ControlReplyInsertAsync(long requestId, string worker, string replyJson) => Execute((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlReplyInsert);
        cmd.Parameters.AddWithValue("@request_id", requestId);
        cmd.Parameters.AddWithValue("@worker", worker);
        cmd.Parameters.AddWithValue("@reply", replyJson);
        cmd.ExecuteNonQuery();
    });

    public ValueTask<IReadOnlyList<WorkerReply>> ControlReplyListAsync(long requestId) => Read<IReadOnlyList<WorkerReply>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlReplyList);
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

    public ValueTask<int> ControlPruneAsync() => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ControlPrune);
        var pruned = 0;
        using (var r = cmd.ExecuteReader())
            while (r.Read()) pruned++;
        return pruned;
    });
}
