using Jobs.Storage;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask<bool> QueuePauseAsync(string queue)
    {
        await using var cmd = Command(_sql.QueuePause);
        Add(cmd, "name", queue);
        return await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is string;
    }

    public async ValueTask<bool> QueueResumeAsync(string queue)
    {
        await using var cmd = Command(_sql.QueueResume);
        Add(cmd, "name", queue);
        if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is not string) return false;
        Changes.QueueAvailable(queue);
        return true;
    }

    public async ValueTask<IReadOnlyList<QueueInfo>> QueueListAsync()
    {
        await using var cmd = Command(_sql.QueueList);
        var queues = new List<QueueInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            queues.Add(new QueueInfo(r.GetString(0), Time(r, 1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(Math.Max(0, r.GetDouble(5)))));
        return queues;
    }
}
