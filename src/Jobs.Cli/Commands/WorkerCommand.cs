using System.CommandLine;
using Jobs.Cli.Keys;
using Jobs.Cli.Prefork;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs worker [-A PATH...] [--queues a,b] [--concurrency N] [--pool async|threads|solo|process] [--beat] [--events]</c>: runs a worker until Ctrl+C or
/// SIGTERM, then shuts down gracefully (stops claiming, lets running jobs finish within the grace period). The
/// <c>process</c> pool runs N child worker processes under a supervisor (<see cref="ProcessPool"/>).
/// </summary>
internal static class WorkerCommand
{
    /// <summary>The pools this console can run.</summary>
    public static readonly string[] Pools = ["async", "threads", "solo", "process"];

    private const string ProcessPoolName = "process";

    public static Command Create(GlobalOptions globals)
    {
        var assemblies = CliOptions.Assemblies();
        var queues = new Option<string>("--queues", "-Q") { Description = "Comma-separated queues to consume.", DefaultValueFactory = _ => "default" };
        queues.Validators.Add(r =>
        {
            var list = SplitQueues(r.GetValueOrDefault<string>());
            if (list.Count == 0) r.AddError("--queues needs at least one queue name");
            foreach (var error in list.Select(NameOptions.QueueError).OfType<string>()) r.AddError("--queues: " + error);
        });
        var concurrency = CliOptions.Integer("--concurrency", "Jobs run at once (the process pool: child processes, default one per CPU).", 16, 1, "-c");
        var pool = new Option<string>("--pool", "-P")
        {
            Description = $"The execution pool: {string.Join(", ", Pools)} (one child process per slot).", DefaultValueFactory = _ => "async",
        };
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
        var maxTasks = CliOptions.OptionalInteger("--max-tasks-per-child",
            "Process pool: a child is replaced after running this many jobs.", 1, int.MaxValue);
        var maxMemory = CliOptions.OptionalInteger("--max-memory-per-child",
            "Process pool: a child is replaced after a job leaves its resident memory above this many megabytes.", 1, int.MaxValue);
        var events = new Option<bool>("--events", "-E")
        {
            Description = $"Store this worker's task and worker events (for jobs events and jobs top). Default: ${JobsSession.EventsVariable}=1.",
        };
        var poolChild = new Option<bool>("--pool-child") { Description = "Run as a child of a process pool (started by its supervisor).", Hidden = true };
        var command = new Command("worker", "Run a worker until Ctrl+C or SIGTERM.")
            { assemblies, queues, concurrency, pool, name, logLevel, softLimit, hardLimit, beat, maxTasks, maxMemory, events, poolChild };
        var keys = new KeyOptions(worker: true);
        keys.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var workerName = ctx.Get(name) ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
            var queueList = SplitQueues(ctx.Get(queues));
            var poolName = ctx.Get(pool)!.ToLowerInvariant();
            // The process pool's default, as Celery's prefork: one child per CPU (16 processes would be a lot on a small machine).
            var slots = poolName == ProcessPoolName && ctx.Parse.GetResult(concurrency) is null or { Implicit: true }
                ? Environment.ProcessorCount : ctx.Get(concurrency);
            var withBeat = ctx.Get(beat);
            var settings = new PoolSettings(workerName, queueList, slots, ctx.Get(assemblies)!, ctx.Get(logLevel), ctx.Get(softLimit), ctx.Get(hardLimit),
                ctx.Get(maxTasks), ctx.Get(maxMemory), withBeat, ctx.Get(events) || JobsSession.EventsFromEnvironment, keys.Resolve(ctx));
            if (ctx.Get(poolChild)) return await ChildMode.RunAsync(ctx, settings, ct);
            settings.Keys.Apply(new JobsOptions()); // a missing or wrong key file: one clear error now, not in every child
            var readyLine = $"worker {workerName} ready: queues {string.Join(", ", queueList)}, pool {poolName}, concurrency {(poolName == "solo" ? 1 : slots)}" +
                            (withBeat ? ", with beat" : "");
            var stoppedLine = $"worker {workerName} stopped";
            if (poolName == ProcessPoolName) return await ProcessPool.RunAsync(ctx, settings, readyLine, stoppedLine, ct);
            foreach (var (option, value) in new[] { ("--max-tasks-per-child", settings.MaxTasksPerChild), ("--max-memory-per-child", settings.MaxMemoryPerChildMb) })
                if (value is not null)
                    throw CliException.Usage($"{option} applies to the process pool only; use it with -P process");
            return await ConsoleHost.RunAsync(ctx, settings.Assemblies, settings.LogLevel, o =>
                {
                    o.AddWorker(w => { w.Name = workerName; w.Queues = queueList; w.Concurrency = slots; w.Pool = Enum.Parse<WorkerPool>(poolName, ignoreCase: true);
                        w.SoftTimeLimit = settings.SoftTimeLimit; w.TimeLimit = settings.TimeLimit; w.SendEvents = settings.SendEvents; });
                    if (withBeat) o.AddBeat();
                    settings.Keys.Apply(o);
                },
                _ => readyLine, stoppedLine, ct);
        });
    }

    private static List<string> SplitQueues(string? value)
        => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
}
