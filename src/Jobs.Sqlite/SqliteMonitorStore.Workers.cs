using System.Text.Json;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteMonitorStore
{
    public Task RegisterWorkerAsync(WorkerRegistration worker, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.Register);
        cmd.Parameters.AddWithValue("@name", worker.Name);
        cmd.Parameters.AddWithValue("@hostname", worker.Hostname);
        cmd.Parameters.AddWithValue("@pid", worker.Pid);
        cmd.Parameters.AddWithValue("@queues", JsonSerializer.Serialize(worker.Queues));
        cmd.Parameters.AddWithValue("@pool", worker.Pool);
        cmd.Parameters.AddWithValue("@concurrency", worker.Concurrency);
        cmd.Parameters.AddWithValue("@version", worker.Version);
        cmd.Parameters.AddWithValue("@interval_ms", IntervalMs(worker));
        return cmd.ExecuteNonQuery();
    }, ct);

    public Task<bool> HeartbeatAsync(WorkerRegistration worker, WorkerLoad load, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.Heartbeat);
        cmd.Parameters.AddWithValue("@name", worker.Name);
        cmd.Parameters.AddWithValue("@queues", JsonSerializer.Serialize(worker.Queues));
        cmd.Parameters.AddWithValue("@concurrency", worker.Concurrency);
        cmd.Parameters.AddWithValue("@interval_ms", IntervalMs(worker));
        cmd.Parameters.AddWithValue("@active", load.Active);
        cmd.Parameters.AddWithValue("@processed", load.Processed);
        return cmd.ExecuteNonQuery() > 0;
    }, ct);

    public Task MarkStoppedAsync(string worker, CancellationToken ct) => WriteAsync((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.Stop);
        cmd.Parameters.AddWithValue("@name", worker);
        return cmd.ExecuteNonQuery();
    }, ct);

    public Task<IReadOnlyList<string>> SweepWorkersAsync(TimeSpan forgetAfter, CancellationToken ct) => WriteAsync<IReadOnlyList<string>>((conn, tx) =>
    {
        using var cmd = Command(conn, tx, _sql.Sweep);
        cmd.Parameters.AddWithValue("@forget_ms", Ms(forgetAfter));
        var names = new List<string>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) names.Add(r.GetString(0));
        names.Sort(StringComparer.Ordinal);
        return names;
    }, ct);

    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped, CancellationToken ct) => ReadAsync<IReadOnlyList<WorkerInfo>>(conn =>
    {
        using var cmd = Command(conn, null, _sql.ListWorkers);
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
