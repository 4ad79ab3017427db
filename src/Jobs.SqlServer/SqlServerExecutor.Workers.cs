using System.Data;
using System.Data.Common;
using System.Text.Json;
using Jobs.Storage;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    public async ValueTask WorkerRegisterAsync(WorkerRegistration worker)
    {
        using var cmd = Command(_sql.WorkerRegister);
        Text(cmd, "name", worker.Name);
        Text(cmd, "hostname", worker.Hostname);
        Int(cmd, "pid", worker.Pid);
        Json(cmd, "queues", SqlJson.Strings(worker.Queues));
        Text(cmd, "pool", worker.Pool, 50);
        Int(cmd, "concurrency", worker.Concurrency);
        Text(cmd, "version", worker.Version, 50);
        Int(cmd, "interval_ms", IntervalMs(worker));
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<bool> WorkerHeartbeatAsync(WorkerRegistration worker, WorkerLoad load)
    {
        using var cmd = Command(_sql.WorkerHeartbeat);
        Text(cmd, "name", worker.Name);
        Json(cmd, "queues", SqlJson.Strings(worker.Queues));
        Int(cmd, "concurrency", worker.Concurrency);
        Int(cmd, "interval_ms", IntervalMs(worker));
        Int(cmd, "active", load.Active);
        Long(cmd, "processed", load.Processed);
        return await CountAsync(cmd).ConfigureAwait(false) > 0;
    }

    public async ValueTask WorkerStopAsync(string worker)
    {
        using var cmd = Command(_sql.WorkerStop);
        Text(cmd, "name", worker);
        await runner.NonQueryAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> WorkerSweepAsync(TimeSpan forgetAfter)
    {
        using var cmd = Command(_sql.WorkerSweep);
        Milliseconds(cmd, "forget_ms", forgetAfter);
        var names = new List<string>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) names.Add(r.GetString(0));
        return names;
    }

    public async ValueTask<IReadOnlyList<WorkerInfo>> WorkerListAsync(bool includeStopped)
    {
        using var cmd = Command(_sql.WorkerList);
        Bit(cmd, "include_stopped", includeStopped);
        var workers = new List<WorkerInfo>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) workers.Add(ReadWorker(r));
        return workers;
    }

    private static WorkerInfo ReadWorker(DbDataReader r) => new()
    {
        Name = r.GetString(0),
        Hostname = r.GetString(1),
        Pid = r.GetInt32(2),
        Queues = JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? [],
        Pool = r.GetString(4),
        Concurrency = r.GetInt32(5),
        Version = r.GetString(6),
        StartedAt = r.GetFieldValue<DateTimeOffset>(7),
        HeartbeatAt = r.GetFieldValue<DateTimeOffset>(8),
        StoppedAt = Time(r, 9),
        HeartbeatInterval = TimeSpan.FromMilliseconds(r.GetInt32(10)),
        Active = r.GetInt32(11),
        Processed = r.GetInt64(12),
        Online = r.GetBoolean(13),
    };

    private static int IntervalMs(WorkerRegistration worker) => (int)Math.Clamp(worker.HeartbeatInterval.TotalMilliseconds, 1, int.MaxValue);

    /// <summary>How long event and control writers wait for their ordering lock: the command timeout.</summary>
    private void LockTimeout(Microsoft.Data.SqlClient.SqlCommand cmd) => Add(cmd, "lock_timeout_ms", SqlDbType.Int, (int)Options.CommandTimeout.TotalMilliseconds);
}
