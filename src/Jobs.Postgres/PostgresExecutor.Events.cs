using System.Text.Json;
using Jobs.Storage;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask EventInsertManyAsync(IReadOnlyList<JobEvent> events)
    {
        if (events.Count == 0) return;
        await using var cmd = Command(_sql.EventInsertMany);
        Add(cmd, "lock", _sql.EventsLockKey);
        Add(cmd, "at", events.Select(e => e.Timestamp.ToUniversalTime()).ToArray());
        Add(cmd, "type", events.Select(e => e.Type).ToArray());
        Add(cmd, "job_id", events.Select(e => e.JobId).ToArray());
        Add(cmd, "task", events.Select(e => e.Task).ToArray());
        Add(cmd, "queue", events.Select(e => e.Queue).ToArray());
        Add(cmd, "worker", events.Select(e => e.Worker).ToArray());
        Add(cmd, "data", events.Select(e => JsonSerializer.Serialize(e with { Id = 0 }, ControlJson.Options)).ToArray());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JobEvent>> EventListAsync(long afterId, int limit)
    {
        await using var cmd = Command(_sql.EventList);
        Add(cmd, "after", afterId);
        Add(cmd, "limit", limit);
        var events = new List<JobEvent>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            events.Add(JsonSerializer.Deserialize<JobEvent>(r.GetString(1), ControlJson.Options)! with { Id = r.GetInt64(0) });
        return events;
    }

    public async ValueTask<long> EventLastIdAsync()
    {
        await using var cmd = Command(_sql.EventLastId);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async ValueTask<int> EventPruneAsync(TimeSpan olderThan)
    {
        await using var cmd = Command(_sql.EventPrune);
        Add(cmd, "older_ms", Ms(olderThan));
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
