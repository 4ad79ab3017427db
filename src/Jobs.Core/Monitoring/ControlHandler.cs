using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Monitoring;

/// <summary>
/// Carries out one remote-control request for one worker and returns its JSON reply (see <see cref="ControlCommands"/>
/// for the arguments and replies). Unknown commands and bad arguments get <c>{"error": "..."}</c>.
/// </summary>
internal sealed class ControlHandler(IJobAdminStore store, IHostApplicationLifetime? lifetime, ILogger log)
{
    private const int ScheduledLimit = 100;
    private static readonly DateTimeOffset WaitingForWorkflow = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task<string> HandleAsync(IWorkerNode w, ControlRequest request, CancellationToken ct)
    {
        using var args = JsonDocument.Parse(string.IsNullOrWhiteSpace(request.ArgsJson) ? "{}" : request.ArgsJson);
        var a = args.RootElement;
        object reply = request.Command switch
        {
            ControlCommands.Ping => new { ok = "pong" },
            ControlCommands.Active => new { jobs = (await w.ActiveAsync(ct).ConfigureAwait(false)).Select(Job).ToList() },
            ControlCommands.Reserved => new { jobs = w.Reserved.Select(Job).ToList() },
            ControlCommands.Scheduled => new { jobs = await ScheduledAsync(w, ct).ConfigureAwait(false) },
            ControlCommands.Registered => new { tasks = w.TaskNames.Order(StringComparer.Ordinal).ToList() },
            ControlCommands.Stats => await StatsAsync(w, ct).ConfigureAwait(false),
            ControlCommands.Revoke => Revoke(w, a),
            ControlCommands.RateLimit => RateLimit(w, a),
            ControlCommands.PoolGrow => new { ok = $"pool grown to {w.Grow(Count(a))}", concurrency = w.Concurrency },
            ControlCommands.PoolShrink => new { ok = $"pool shrunk to {w.Shrink(Count(a))}", concurrency = w.Concurrency },
            ControlCommands.AddConsumer => AddConsumer(w, a),
            ControlCommands.CancelConsumer => CancelConsumer(w, a),
            ControlCommands.Shutdown => new { ok = "shutting down" },
            _ => new { error = $"unknown command '{request.Command}'; the commands are: {string.Join(", ", AllCommands)}" },
        };
        return JsonSerializer.Serialize(reply, ControlJson.Options);
    }

    /// <summary>What must happen after the reply is stored (a shutdown, so that its sender hears of it).</summary>
    public void AfterReply(IWorkerNode w, ControlRequest request)
    {
        if (request.Command != ControlCommands.Shutdown) return;
        log.LogWarning("Worker {Worker}: shutdown requested by remote control.", w.Name);
        if (lifetime is not null) lifetime.StopApplication();
        else _ = Task.Run(() => w.StopAsync(CancellationToken.None));
    }

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, ControlJson.Options);

    private static readonly string[] AllCommands =
    [
        ControlCommands.Ping, ControlCommands.Active, ControlCommands.Reserved, ControlCommands.Scheduled, ControlCommands.Registered,
        ControlCommands.Stats, ControlCommands.Revoke, ControlCommands.RateLimit, ControlCommands.PoolGrow, ControlCommands.PoolShrink,
        ControlCommands.AddConsumer, ControlCommands.CancelConsumer, ControlCommands.Shutdown,
    ];

    private static object Job(RunningAttempt a) => new
    {
        id = a.Id, task = a.Task, queue = a.Queue, attempt = a.Attempt, args = JsonNode.Parse(a.ArgsJson), startedAt = a.StartedAt,
    };

    private async Task<List<object>> ScheduledAsync(IWorkerNode w, CancellationToken ct)
    {
        var jobs = new List<JobInfo>();
        foreach (var queue in w.Queues)
            foreach (var state in new[] { JobState.Scheduled, JobState.Retry })
                jobs.AddRange(await store.ListJobsAsync(new JobFilter(state, queue, null, ScheduledLimit), ct).ConfigureAwait(false));
        return jobs.Where(j => j.RunAt < WaitingForWorkflow).OrderBy(j => j.RunAt).Take(ScheduledLimit)
            .Select(j => (object)new { id = j.Id, task = j.Task, queue = j.Queue, args = JsonNode.Parse(j.Args), eta = j.RunAt, state = j.State }).ToList();
    }

    private static async Task<object> StatsAsync(IWorkerNode w, CancellationToken ct)
    {
        using var process = Process.GetCurrentProcess();
        var (succeeded, failed, retried) = w.Outcomes;
        var active = (await w.ActiveAsync(ct).ConfigureAwait(false)).Count;
        return new
        {
            hostname = Environment.MachineName, pid = Environment.ProcessId, pool = w.Pool,
            concurrency = w.Concurrency, prefetch = w.PrefetchMultiplier, queues = w.Queues, uptimeSeconds = Math.Round(w.Uptime.TotalSeconds, 3),
            active, reserved = w.Reserved.Count, processed = succeeded + failed + retried, succeeded, failed, retried,
            cpuSeconds = Math.Round(process.TotalProcessorTime.TotalSeconds, 3), memoryBytes = process.WorkingSet64, version = WorkerRegistry.Version,
        };
    }

    private static object Revoke(IWorkerNode w, JsonElement a)
    {
        if (!a.TryGetProperty("ids", out var idsJson) || idsJson.ValueKind != JsonValueKind.Array)
            return new { error = "revoke needs \"ids\": an array of job ids" };
        var ids = idsJson.EnumerateArray().Select(x => x.GetGuid()).ToHashSet();
        var terminate = a.TryGetProperty("terminate", out var t) && t.ValueKind == JsonValueKind.True;
        var cancelled = w.CancelRevoked(ids, terminate);
        return new
        {
            ok = cancelled.Count == 0 ? "no job of those ids here" : $"{(terminate ? "terminated" : "revoked")} {cancelled.Count} job(s)",
            ids = cancelled,
        };
    }

    private static object RateLimit(IWorkerNode w, JsonElement a)
    {
        var task = a.TryGetProperty("task", out var t) ? t.GetString() : null;
        if (string.IsNullOrWhiteSpace(task)) return new { error = "rate-limit needs \"task\"" };
        var rate = a.TryGetProperty("rate", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        w.RecheckLimits();
        return new { ok = rate is null ? $"rate limit of {task} cleared" : $"new rate limit of {task} set to {rate}" };
    }

    private static object AddConsumer(IWorkerNode w, JsonElement a)
    {
        var queue = Queue(a);
        var added = w.AddQueue(queue);
        return new { ok = added ? $"now consuming from '{queue}'" : $"already consuming from '{queue}'", queues = w.Queues };
    }

    private static object CancelConsumer(IWorkerNode w, JsonElement a)
    {
        var queue = Queue(a);
        var removed = w.CancelQueue(queue);
        return new { ok = removed ? $"no longer consuming from '{queue}'" : $"was not consuming from '{queue}'", queues = w.Queues };
    }

    private static string Queue(JsonElement a)
        => a.TryGetProperty("queue", out var q) && q.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s)
            ? JobNames.ValidateQueue(s.Trim()) : throw new ArgumentException("the command needs \"queue\": a queue name");

    private static int Count(JsonElement a)
        => a.TryGetProperty("n", out var n) && n.TryGetInt32(out var v) && v >= 1
            ? v : throw new ArgumentException("the command needs \"n\": a whole number of at least 1");
}
