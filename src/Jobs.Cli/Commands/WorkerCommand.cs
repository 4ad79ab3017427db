using System.CommandLine;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs worker [-A PATH...] [--queues a,b] [--concurrency N] [--pool async|threads|solo] [--beat]</c>: runs a worker until Ctrl+C or
/// SIGTERM, then shuts down gracefully (stops claiming, lets running jobs finish within the grace period).
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The pools this console can run.</summary>
    public static readonly string[] Pools = ["async", "threads", "solo"];

    public static Command Create(GlobalOptions globals)
    {
        var assemblies = CliOptions.Assemblies();
        var queues = new Option<string>("--queues", "-Q") { Description = "Comma-separated queues to consume.", DefaultValueFactory = _ => "default" };
        queues.Validators.Add(r =>
        {
            if (SplitQueues(r.GetValueOrDefault<string>()).Count == 0) r.AddError("--queues needs at least one queue name");
        });
        var concurrency = CliOptions.Integer("--concurrency", "Jobs run at once.", 16, 1, "-c");
        var pool = new Option<string>("--pool", "-P") { Description = $"The execution pool: {string.Join(", ", Pools)}.", DefaultValueFactory = _ => "async" };
        pool.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>();
            if (!Pools.Contains(value, StringComparer.OrdinalIgnoreCase))
                r.AddError($"pool '{value}' is not supported; supported pools: {string.Join(", ", Pools)}");
        });
        var name = new Option<string?>("--name", "-n") { Description = "The worker's name (unique among running workers). Default: host/pid/random." };
        var logLevel = CliOptions.LogLevel();
        var softLimit = CliOptions.Duration("--soft-time-limit", "Default soft time limit of the jobs this worker runs");
        var hardLimit = CliOptions.Duration("--time-limit", "Default hard time limit of the jobs this worker runs");
        var beat = new Option<bool>("--beat", "-B") { Description = "Also run the beat in this process (periodic tasks; any number of beats may run)." };
        var command = new Command("worker", "Run a worker until Ctrl+C or SIGTERM.") { assemblies, queues, concurrency, pool, name, logLevel, softLimit, hardLimit, beat };
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var workerName = ctx.Get(name) ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
            var queueList = SplitQueues(ctx.Get(queues));
            var slots = ctx.Get(concurrency);
            var poolName = ctx.Get(pool)!.ToLowerInvariant();
            var withBeat = ctx.Get(beat);
            return await ConsoleHost.RunAsync(ctx, ctx.Get(assemblies)!, ctx.Get(logLevel), o =>
                {
                    o.AddWorker(w => { w.Name = workerName; w.Queues = queueList; w.Concurrency = slots; w.Pool = Enum.Parse<WorkerPool>(poolName, ignoreCase: true);
                        w.SoftTimeLimit = ctx.Get(softLimit); w.TimeLimit = ctx.Get(hardLimit); });
                    if (withBeat) o.AddBeat();
                },
                _ => $"worker {workerName} ready: queues {string.Join(", ", queueList)}, pool {poolName}, concurrency {(poolName == "solo" ? 1 : slots)}" +
                     (withBeat ? ", with beat" : ""),
                $"worker {workerName} stopped", ct);
        });
    }

    private static List<string> SplitQueues(string? value)
        => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
