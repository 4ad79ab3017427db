using System.Text.Json;
using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask EventInsertManyAsync(IReadOnlyList<JobEvent> events)
    {
        if (events.Count == 0) return;
        using var cmd = Command(_sql.EventInsertMany);
        Text(cmd, "lock_name", _sql.EventsLockName, 255);
        LockTimeout(cmd);
        var n = 0;
        Json(cmd, "events", SqlJson.Objects(events, (w, e) => w
            .Num("n", n++).Time("at", e.Timestamp).Str("type", e.Type).Id("job_id", e.JobId).Str("task", e.Task).Str("queue", e.Queue)
            .Str("worker", e.Worker).Str("data", JsonSerializer.Serialize(e with { Id = 0 }, ControlJson.Options))));
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
        Changes.EventsStored();
    }

    public async ValueTask<IReadOnlyList<JobEvent>> EventListAsync(long afterId, int limit)
    {
        using var cmd = Command(_sql.EventList);
        Long(cmd, "after", afterId);
        Int(cmd, "limit", limit);
        var events = new List<JobEvent>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            events.Add(JsonSerializer.Deserialize<JobEvent>(r.GetString(1), ControlJson.Options)! with { Id = r.GetInt64(0) });
        return events;
    }

    public async ValueTask<long> EventLastIdAsync()
    {
        using var cmd = Command(_sql.EventLastId);
        return await LongAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<int> EventPruneAsync(TimeSpan olderThan)
    {
        using var cmd = Command(_sql.EventPrune);
        Milliseconds(cmd, "older_ms", olderThan);
        return await CountAsync(cmd).ConfigureAwait(false);
    }

    private async Task<long> LongAsync(Microsoft.Data.SqlClient.SqlCommand cmd)
        => await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is long v ? v : 0;
}
