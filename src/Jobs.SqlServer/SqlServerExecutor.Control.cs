using System.Text.Json;
using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask<long> ControlSendAsync(string command, string argsJson, string? destination, TimeSpan ttl)
    {
        using var cmd = Command(_sql.ControlSend);
        Text(cmd, "lock_name", _sql.ControlLockName, 255);
        LockTimeout(cmd);
        Text(cmd, "command", command, 100);
        Json(cmd, "args", argsJson);
        Text(cmd, "destination", destination);
        Milliseconds(cmd, "ttl_ms", ttl);
        var id = await LongAsync(cmd).ConfigureAwait(false);
        Changes.ControlSent();
        return id;
    }

    public async ValueTask<IReadOnlyList<ControlRequest>> ControlListAsync(long afterId, string worker)
    {
        using var cmd = Command(_sql.ControlList);
        Long(cmd, "after", afterId);
        Text(cmd, "worker", worker);
        var requests = new List<ControlRequest>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            requests.Add(new ControlRequest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        return requests;
    }

    public async ValueTask<long> ControlLastIdAsync()
    {
        using var cmd = Command(_sql.ControlLastId);
        return await LongAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask ControlReplyInsertAsync(long requestId, string worker, string replyJson)
    {
        using var cmd = Command(_sql.ControlReplyInsert);
        Long(cmd, "request_id", requestId);
        Text(cmd, "worker", worker);
        Json(cmd, "reply", replyJson);
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<WorkerReply>> ControlReplyListAsync(long requestId)
    {
        using var cmd = Command(_sql.ControlReplyList);
        Long(cmd, "request_id", requestId);
        var replies = new List<WorkerReply>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            using var reply = JsonDocument.Parse(r.GetString(1));
            replies.Add(new WorkerReply(r.GetString(0), reply.RootElement.Clone(), r.GetFieldValue<DateTimeOffset>(2)));
        }
        return replies;
    }

    public async ValueTask<int> ControlPruneAsync()
    {
        using var cmd = Command(_sql.ControlPrune);
        return await CountAsync(cmd).ConfigureAwait(false);
    }
}
