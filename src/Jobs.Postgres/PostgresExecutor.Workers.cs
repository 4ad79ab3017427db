using Jobs.Storage;
using Npgsql;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    public async ValueTask WorkerRegisterAsync(WorkerRegistration worker)
    {
        await using var cmd = Command(_sql.WorkerRegister);
        Add(cmd, "name", worker.Name);
        Add(cmd, "hostname", worker.Hostname);
        Add(cmd, "pid", worker.Pid);
        Add(cmd, "queues", worker.Queues.ToArray());
        Add(cmd, "pool", worker.Pool);
        Add(cmd, "concurrency", worker.Concurrency);
        Add(cmd, "version", worker.Version);
        Add(cmd, "interval_ms", IntervalMs(worker));
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<bool> WorkerHeartbeatAsync(WorkerRegistration worker, WorkerLoad load)
    {
        await using var cmd = Command(_sql.WorkerHeartbeat);
        Add(cmd, "name", worker.Name);
        Add(cmd, "queues", worker.Queues.ToArray());
        Add(cmd, "concurrency", worker.Concurrency);
        Add(cmd, "interval_ms", IntervalMs(worker));
        Add(cmd, "active", load.Active);
        Add(cmd, "processed", load.Processed);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) > 0;
    }

    public async ValueTask WorkerStopAsync(string worker)
    {
        await using var cmd = Command(_sql.WorkerStop);
        Add(cmd, "name", worker);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> WorkerSweepAsync(TimeSpan forgetAfter)
    {
        await using var cmd = Command(_sql.WorkerSweep);
        Add(cmd, "forget_ms", Ms(forgetAfter));
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) names.Add(r.GetString(0));
        return names;
    }

    public async ValueTask<IReadOnlyList<WorkerInfo>> WorkerListAsync(bool includeStopped)
    {
        await using var cmd = Command(_sql.WorkerList);
        Add(cmd, "include_stopped", includeStopped);
        var workers = new List<WorkerInfo>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) workers.Add(ReadWorker(r));
        return workers;
    }

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
