using System.Text.Json;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask WorkerRegisterAsync(WorkerRegistration worker) => Execute((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkerRegister);
        cmd.Parameters.AddWithValue("@name", worker.Name);
        cmd.Parameters.AddWithValue("@hostname", worker.Hostname);
        cmd.Parameters.AddWithValue("@pid", worker.Pid);
        cmd.Parameters.AddWithValue("@queues", JsonSerializer.Serialize(worker.Queues));
        cmd.Parameters.AddWithValue("@pool", worker.Pool);
        cmd.Parameters.AddWithValue("@concurrency", worker.Concurrency);
        cmd.Parameters.AddWithValue("@version", worker.Version);
        cmd.Parameters.AddWithValue("@interval_ms", IntervalMs(worker));
        cmd.ExecuteNonQuery();
    });

    public ValueTask<bool> WorkerHeartbeatAsync(WorkerRegistration worker, WorkerLoad load) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkerHeartbeat);
        cmd.Parameters.AddWithValue("@name", worker.Name);
        cmd.Parameters.AddWithValue("@queues", JsonSerializer.Serialize(worker.Queues));
        cmd.Parameters.AddWithValue("@concurrency", worker.Concurrency);
        cmd.Parameters.AddWithValue("@interval_ms", IntervalMs(worker));
        cmd.Parameters.AddWithValue("@active", load.Active);
        cmd.Parameters.AddWithValue("@processed", load.Processed);
        return cmd.ExecuteNonQuery() > 0;
    });

    public ValueTask WorkerStopAsync(string worker) => Execute((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkerStop);
        cmd.Parameters.AddWithValue("@name", worker);
        cmd.ExecuteNonQuery();
    });

    public ValueTask<IReadOnlyList<string>> WorkerSweepAsync(TimeSpan forgetAfter) => Write<IReadOnlyList<string>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkerSweep);
        cmd.Parameters.AddWithValue("@forget_ms", Ms(forgetAfter));
        var names = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) names.Add(r.GetString(0));
        names.Sort(StringComparer.Ordinal);
        return names;
    });

    public ValueTask<IReadOnlyList<WorkerInfo>> WorkerListAsync(bool includeStopped) => Read<IReadOnlyList<WorkerInfo>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.WorkerList);
        cmd.Parameters.AddWithValue("@include_stopped", includeStopped);
        var workers = new List<WorkerInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) workers.Add(ReadWorker(r));
        return workers;
    });

    private static WorkerInfo ReadWorker(SqliteDataReader r) => new()
    {
        Name = r.GetString(0),
        Hostname = r.GetString(1),
        Pid = r.GetInt32(2),
        Queues = JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
        Pool = r.GetString(4),
        Concurrency = r.GetInt32(5),
        Version = r.GetString(6),
        StartedAt = SqliteTime.Parse(r.GetString(7)),
        HeartbeatAt = SqliteTime.Parse(r.GetString(8)),
        StoppedAt = r.IsDBNull(9) ? null : SqliteTime.Parse(r.GetString(9)),
        HeartbeatInterval = TimeSpan.FromMilliseconds(r.GetInt64(10)),
        Active = r.GetInt32(11),
        Processed = r.GetInt64(12),
        Online = r.GetInt64(13) != 0,
    };

    private static long IntervalMs(WorkerRegistration worker) => Math.Clamp(Ms(worker.HeartbeatInterval), 1, int.MaxValue);
}
