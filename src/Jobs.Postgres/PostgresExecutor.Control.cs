using System.Text.Json;
using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask<long> ControlSendAsync(string command, string argsJson, string? destination, TimeSpan ttl)
    {
        await using var cmd = Command(_sql.ControlSend);
        Add(cmd, "lock", _sql.ControlLockKey);
        Add(cmd, "command", command);
        Add(cmd, "args", argsJson);
        Add(cmd, "destination", destination, NpgsqlDbType.Text);
        Add(cmd, "ttl_ms", Ms(ttl));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.NextResultAsync(ct).ConfigureAwait(false); // past the lock's result
        await r.ReadAsync(ct).ConfigureAwait(false);
        return r.GetInt64(0);
    }

    public async ValueTask<IReadOnlyList<ControlRequest>> ControlListAsync(long afterId, string worker)
    {
        await using var cmd = Command(_sql.ControlList);
        Add(cmd, "after", afterId);
        Add(cmd, "worker", worker);
        var requests = new List<ControlRequest>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            requests.Add(new ControlRequest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        return requests;
    }

    public async ValueTask<long> ControlLastIdAsync()
    {
        await using var cmd = Command(_sql.ControlLastId);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async ValueTask ControlReplyInsertAsync(long requestId, string worker, string replyJson)
    {
        await using var cmd = Command(_sql.ControlReplyInsert);
        Add(cmd, "request_id", requestId);
        Add(cmd, "worker", worker);
        Add(cmd, "reply", replyJson);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<WorkerReply>> ControlReplyListAsync(long requestId)
    {
        await using var cmd = Command(_sql.ControlReplyList);
        Add(cmd, "request_id", requestId);
        var replies = new List<WorkerReply>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            using var reply = JsonDocument.Parse(r.GetString(1));
            replies.Add(new WorkerReply(r.GetString(0), reply.RootElement.Clone(), r.GetFieldValue<DateTimeOffset>(2)));
        }
        return replies;
    }

    public async ValueTask<int> ControlPruneAsync()
    {
        await using var cmd = Command(_sql.ControlPrune);
        return (int)(long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
