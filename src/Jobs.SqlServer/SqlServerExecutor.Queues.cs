using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask<bool> QueuePauseAsync(string queue)
    {
        using var cmd = Command(_sql.QueuePause);
        Text(cmd, "name", queue);
        return await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is string;
    }

    public async ValueTask<bool> QueueResumeAsync(string queue)
    {
        using var cmd = Command(_sql.QueueResume);
        Text(cmd, "name", queue);
        if (await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is not string) return false;
        Changes.QueueAvailable(queue);
        return true;
    }

    public async ValueTask<IReadOnlyList<QueueInfo>> QueueListAsync()
    {
        using var cmd = Command(_sql.QueueList);
        var queues = new List<QueueInfo>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            queues.Add(new QueueInfo(r.GetString(0), Time(r, 1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(Math.Max(0, r.GetDouble(5)))));
        return queues;
    }
}
