using Jobs.Storage;
using Npgsql;

namespace Jobs.Postgres;

internal sealed partial class PostgresMonitorStore
{
    public Task RegisterWorkerAsync(WorkerRegistration worker, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Register);
        Add(cmd, "name", worker.Name);
        Add(cmd, "hostname", worker.Hostname);
        Add(cmd, "pid", worker.Pid);
        Add(cmd, "queues", worker.Queues.ToArray());
        Add(cmd, "pool", worker.Pool);
        Add(cmd, "concurrency", worker.Concurrency);
        Add(cmd, "version", worker.Version);
        Add(cmd, "interval_ms", IntervalMs(worker));
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });

    public Task<bool> HeartbeatAsync(WorkerRegistration worker, WorkerLoad load, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Heartbeat);
        Add(cmd, "name", worker.Name);
        Add(cmd, "queues", worker.Queues.ToArray());
        Add(cmd, "concurrency", worker.Concurrency);
        Add(cmd, "interval_ms", IntervalMs(worker));
        Add(cmd, "active", load.Active);
        Add(cmd, "processed", load.Processed);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    });

    public Task MarkStoppedAsync(string worker, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Stop);
        Add(cmd, "name", worker);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    });

    public Task<IReadOnlyList<string>> SweepWorkersAsync(TimeSpan forgetAfter, CancellationToken ct) => Run<IReadOnlyList<string>>(async () =>
    {
        await using var cmd = Command(_sql.Sweep);
        Add(cmd, "forget_ms", Ms(forgetAfter));
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) names.Add(r.GetString(0));
        return names;
    });

    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped, CancellationToken ct) => Run<IReadOnlyList<WorkerInfo>>(async () =>
    {
        await using var cmd = Command(_sql.ListWorkers);
        Add(cmd, "include_stopped", includeStopped);
        var workers = new List<WorkerInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) workers.Add(ReadWorker(r));
        return workers;
    });

    private static WorkerInfo ReadWorker(NpgsqlDataReader r) => new()
    {
        Name = r.GetString(0),
        Hostname = r.GetString(1),
        Pid = r.GetInt32(2),
        Queues = r.GetFieldValue<string[]>(3),
        Pool = r.GetString(4),
        Concurrency = r.GetInt32(5),
        Version = r.GetString(6),
        StartedAt = r.GetFieldValue<DateTimeOffset>(7),
        HeartbeatAt = r.GetFieldValue<DateTimeOffset>(8),
        StoppedAt = r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
        HeartbeatInterval = TimeSpan.FromMilliseconds(r.GetInt32(10)),
        Active = r.GetInt32(11),
        Processed = r.GetInt64(12),
        Online = r.GetBoolean(13),
    };

    private static int IntervalMs(WorkerRegistration worker) => (int)Math.Clamp(Ms(worker.HeartbeatInterval), 1, int.MaxValue);
}
