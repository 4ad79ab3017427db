using Jobs.Storage;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask<bool> QueuePauseAsync(string queue) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.QueuePause);
        cmd.Parameters.AddWithValue("@name", queue);
        return cmd.ExecuteScalar() is string;
    });

    public ValueTask<bool> QueueResumeAsync(string queue) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.QueueResume);
        cmd.Parameters.AddWithValue("@name", queue);
        if (cmd.ExecuteScalar() is not string) return false;
        Changes.QueueAvailable(queue);
        return true;
    });

    public ValueTask<IReadOnlyList<QueueInfo>> QueueListAsync() => Read<IReadOnlyList<QueueInfo>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.QueueList);
        var queues = new List<QueueInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            queues.Add(new QueueInfo(r.GetString(0), Time(r, 1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4),
                r.IsDBNull(5) ? null : TimeSpan.FromMilliseconds(Math.Max(0, r.GetDouble(5)))));
        return queues;
    });
}
