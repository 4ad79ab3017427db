using System.Text.Json;
using Jobs.Storage;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresMonitorStore
{
    public Task<long> SendControlAsync(string command, string argsJson, string? destination, TimeSpan ttl, CancellationToken ct) => Run(async () =>
    {
        long id;
        await using (var cmd = Command(_sql.ControlSend))
        {
            Add(cmd, "lock", _sql.ControlLockKey);
            Add(cmd, "command", command);
            Add(cmd, "args", argsJson);
            Add(cmd, "destination", destination, NpgsqlDbType.Text);
            Add(cmd, "ttl_ms", Ms(ttl));
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await r.NextResultAsync(ct).ConfigureAwait(false); // past the lock's result
            await r.ReadAsync(ct).ConfigureAwait(false);
            id = r.GetInt64(0);
        }
        await NotifyAsync(_sql.ControlChannel, ct).ConfigureAwait(false);
        return id;
    });

    public Task<IReadOnlyList<ControlRequest>> ReadControlAsync(long afterId, string worker, CancellationToken ct) => Run<IReadOnlyList<ControlRequest>>(async () =>
    {
        await using var cmd = Command(_sql.ControlRead);
        Add(cmd, "after", afterId);
        Add(cmd, "worker", worker);
        var requests = new List<ControlRequest>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            requests.Add(new ControlRequest(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5)));
        return requests;
    });

    public Task<long> LastControlIdAsync(CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.ControlLastId);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    });

    public Task ReplyControlAsync(long requestId, string worker, string replyJson, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.ControlReply);
        Add(cmd, "request_id", requestId);
        Add(cmd, "worker", worker);
        Add(cmd, "reply", replyJson);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });

    public Task<IReadOnlyList<WorkerReply>> ReadRepliesAsync(long requestId, CancellationToken ct) => Run<IReadOnlyList<WorkerReply>>(async () =>
    {
        await using var cmd = Command(_sql.ControlReplies);
        Add(cmd, "request_id", requestId);
        var replies = new List<WorkerReply>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            using var reply = JsonDocument.Parse(r.GetString(1));
            replies.Add(new WorkerReply(r.GetString(0), reply.RootElement.Clone(), r.GetFieldValue<DateTimeOffset>(2)));
        }
        return replies;
    });

    public Task<int> PruneControlAsync(CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.ControlPrune);
        return (int)(long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    });
}
