using System.Text.Json;

namespace Jobs.Postgres;

internal sealed partial class PostgresMonitorStore
{
    public Task InsertEventsAsync(IReadOnlyList<JobEvent> events, CancellationToken ct) => Run(async () =>
    {
        if (events.Count == 0) return;
        await using (var cmd = Command(_sql.InsertEvents))
        {
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
        await NotifyAsync(_sql.EventsChannel, ct).ConfigureAwait(false);
    });

    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(long afterId, int limit, CancellationToken ct) => Run<IReadOnlyList<JobEvent>>(async () =>
    {
        await using var cmd = Command(_sql.ReadEvents);
        Add(cmd, "after", afterId);
        Add(cmd, "limit", Math.Max(0, limit));
        var events = new List<JobEvent>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            events.Add(JsonSerializer.Deserialize<JobEvent>(r.GetString(1), ControlJson.Options)! with { Id = r.GetInt64(0) });
        return events;
    });

    public Task<long> LastEventIdAsync(CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.LastEventId);
        return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    });

    public Task<int> PruneEventsAsync(TimeSpan olderThan, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.PruneEvents);
        Add(cmd, "older_ms", Ms(olderThan));
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });
}
