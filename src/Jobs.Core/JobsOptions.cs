using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Jobs.Storage;

namespace Jobs;

/// <summary>Configures Jobs for a host: the store, the tasks, defaults, and the workers to run. See <c>services.AddJobs(...)</c>.</summary>
public sealed class JobsOptions
{
    internal TaskRegistry Tasks { get; } = new();
    internal List<WorkerOptions> Workers { get; } = [];
    internal Func<IServiceProvider, IJobStore>? StoreFactory { get; private set; }
    internal Func<IServiceProvider, IMonitorStore>? MonitorFactory { get; private set; }
    internal List<Jobs.Beat.DeclaredSchedule> Schedules { get; } = [];
    internal BeatOptions? BeatSettings { get; private set; }
    internal Dictionary<(LimitScope, string), Jobs.Limits.LimitDeclaration> DeclaredLimits { get; } = [];

    /// <summary>The queue used when a job names none. Default "default". A valid queue name (<see cref="JobNames"/>).</summary>
    public string DefaultQueue
    {
        get => _defaultQueue;
        set => _defaultQueue = JobNames.ValidateQueue(value, nameof(DefaultQueue));
    }

    private string _defaultQueue = "default";
    /// <summary>Retries after the first attempt when a job names none. Default 3 (Celery's default).</summary>
    public int DefaultMaxRetries { get; set; } = 3;
    /// <summary>Base retry delay when a job names none. Default 1 second.</summary>
    public TimeSpan DefaultRetryBackoff { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>Longest retry delay when a job names none. Default 10 minutes (Celery's retry_backoff_max).</summary>
    public TimeSpan DefaultRetryBackoffMax { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How long finished jobs and their results are kept before the pruner deletes them. Default 1 day.</summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromDays(1);
    /// <summary>
    /// Largest job arguments, in UTF-8 bytes of their JSON; a larger enqueue (single, bulk, workflow, schedule) is
    /// refused with an <see cref="ArgumentException"/> and nothing is inserted. Default 1 MiB.
    /// </summary>
    public int MaxPayloadBytes
    {
        get => _maxPayloadBytes;
        set => _maxPayloadBytes = PositiveBytes(value, nameof(MaxPayloadBytes));
    }

    /// <summary>Largest job result, in UTF-8 bytes of its JSON; a larger one ends the attempt FAILURE "ResultTooLarge" (not retried). Default 1 MiB.</summary>
    public int MaxResultBytes
    {
        get => _maxResultBytes;
        set => _maxResultBytes = PositiveBytes(value, nameof(MaxResultBytes));
    }

    private int _maxPayloadBytes = PayloadLimits.DefaultBytes;
    private int _maxResultBytes = PayloadLimits.DefaultBytes;

    private static int PositiveBytes(int value, string name)
        => value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1 byte.");

    /// <summary>JSON options for arguments and results. Default: web defaults (camelCase).</summary>
    public JsonSerializerOptions Json { get; set; } = new(JsonSerializerDefaults.Web);
    /// <summary>The clock for local timers. Scheduling decisions use the database's clock, never this one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    /// <summary>Maintenance (lease rescue, pruning) run by this host when it runs any worker.</summary>
    public MaintenanceOptions Maintenance { get; } = new();
    /// <summary>Codecs, compression, signing and encryption of jobs' arguments and results (README "Payloads").</summary>
    public PayloadOptions Payloads { get; } = new();
    /// <summary>Heartbeats, the events table and remote control.</summary>
    public MonitoringOptions Monitoring { get; } = new();

    internal List<Action<JobEvent>> EventHandlers { get; } = [];
    internal List<Type> Middleware { get; } = [];
    internal List<Type> Components { get; } = [];
    /// <summary>Services a feature of these options needs (e.g. the HTTP client of jobs.http), added by <c>AddJobs</c>.</summary>
    internal List<Action<IServiceCollection>> ServiceRegistrations { get; } = [];

    /// <summary>Celery's signals (before/after publish, prerun, postrun, success, failure, retry, revoked, worker ready/shutdown).</summary>
    public JobSignals Signals { get; } = new();

    /// <summary>Adds a middleware around every attempt this host's workers run; the first added is outermost.</summary>
    public JobsOptions UseMiddleware<T>() where T : class, IJobMiddleware
    {
        if (Middleware.Contains(typeof(T))) throw new ArgumentException($"Middleware {typeof(T).Name} is added twice.");
        Middleware.Add(typeof(T));
        return this;
    }

    /// <summary>Adds a component to this host (started after the components it requires, stopped before them).</summary>
    public JobsOptions AddComponent<T>() where T : class, IJobsComponent
    {
        if (Components.Contains(typeof(T))) throw new ArgumentException($"Component {typeof(T).Name} is added twice.");
        Components.Add(typeof(T));
        return this;
    }

    /// <summary>
    /// Subscribes to every event this process emits (task-sent from its client; task and worker events from its
    /// workers), whether or not events are stored. Called synchronously where the event happens: be quick; exceptions
    /// are logged and ignored.
    /// </summary>
    public JobsOptions OnEvent(Action<JobEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        EventHandlers.Add(handler);
        return this;
    }

    /// <summary>Sets the store. Store packages call this from their <c>UseXxx</c> extension.</summary>
    internal void UseStore(Func<IServiceProvider, IJobStore> factory) => StoreFactory = factory;

    /// <summary>
    /// Sets the store's driver (registered as <see cref="IStoreDriver"/>); the engine's store is Core's
    /// <see cref="JobStore"/> over it, and its monitoring store Core's <see cref="MonitorStore"/>.
    /// </summary>
    internal void UseStore(Func<IServiceProvider, IStoreDriver> driver)
    {
        DriverFactory = driver;
        StoreFactory = sp => new JobStore(sp.GetRequiredService<IStoreDriver>(), Payloads);
        MonitorFactory = sp => new MonitorStore(sp.GetRequiredService<IStoreDriver>());
    }

    internal Func<IServiceProvider, IStoreDriver>? DriverFactory { get; private set; }

    /// <summary>Registers a task implemented by an <see cref="IJob{TArgs,TResult}"/> class (resolved from DI, or constructed with DI).</summary>
    /// <param name="configure">Sets the task's defaults, e.g. its time limits.</param>
    public JobsOptions AddTask<TJob, TArgs, TResult>(string name, Action<TaskOptions>? configure = null) where TJob : class, IJob<TArgs, TResult>
    {
        var (limits, declared, policy) = TaskOptions.Build(name, configure);
        Tasks.Add(new JobClassHandler<TJob, TArgs, TResult>(name) { Limits = limits, Policy = policy });
        Declare(declared);
        return this;
    }

    /// <summary>Registers a task implemented by a delegate.</summary>
    /// <param name="configure">Sets the task's defaults, e.g. its time limits.</param>
    public JobsOptions AddTask<TArgs, TResult>(string name, Func<TArgs, JobContext, Task<TResult>> run, Action<TaskOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (limits, declared, policy) = TaskOptions.Build(name, configure);
        Tasks.Add(new DelegateHandler<TArgs, TResult>(name, run) { Limits = limits, Policy = policy });
        Declare(declared);
        return this;
    }

    /// <summary>
    /// Registers every public <see cref="IJob{TArgs,TResult}"/> class of <paramref name="assembly"/> marked with
    /// <see cref="JobTaskAttribute"/>. Returns how many were registered.
    /// </summary>
    public int AddTasksFrom(System.Reflection.Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return AssemblyTaskScanner.Register(this, assembly);
    }

    /// <summary>Declares a task that runs elsewhere (another service or language): this process may enqueue it but not run it.</summary>
    public JobsOptions AddRemoteTask(string name)
    {
        Tasks.AddRemote(name);
        return this;
    }

    /// <summary>
    /// Declares a queue's limits: at most <see cref="QueueOptions.RateLimit"/> job starts per second, minute or hour and
    /// <see cref="QueueOptions.ConcurrencyLimit"/> running jobs, across all workers. Stored when a worker host starts;
    /// a limit changed at run time (<c>jobs ratelimit</c>) is kept until the declaration itself changes.
    /// </summary>
    public JobsOptions ConfigureQueue(string name, Action<QueueOptions> configure)
    {
        JobNames.ValidateQueue(name, nameof(name));
        ArgumentNullException.ThrowIfNull(configure);
        var o = new QueueOptions();
        configure(o);
        Declare(Jobs.Limits.LimitDeclaration.From(LimitScope.Queue, name, o.RateLimit, o.RateLimitBurst, o.ConcurrencyLimit));
        return this;
    }

    internal void Declare(Jobs.Limits.LimitDeclaration? limit)
    {
        if (limit is not null) DeclaredLimits[(limit.Scope, limit.Name)] = limit;
    }

    /// <summary>Runs a worker in this host. Call again for more workers (e.g. for other queues).</summary>
    public JobsOptions AddWorker(Action<WorkerOptions>? configure = null)
    {
        var w = new WorkerOptions();
        configure?.Invoke(w);
        w.Validate();
        Workers.Add(w);
        return this;
    }

    /// <summary>
    /// Declares a periodic task: the beat upserts it when it starts (a changed cron, interval or time zone restarts its
    /// timing; an unchanged declaration keeps it). <paramref name="args"/> is serialized like an enqueue's arguments.
    /// </summary>
    public JobsOptions AddSchedule(string name, string task, object? args, Action<ScheduleOptions> configure)
    {
        JobNames.ValidateSchedule(name, nameof(name));
        JobNames.ValidateTask(task, nameof(task));
        ArgumentNullException.ThrowIfNull(configure);
        if (Schedules.Any(s => s.Name == name)) throw new ArgumentException($"Schedule '{name}' is declared twice.", nameof(name));
        var o = new ScheduleOptions();
        configure(o);
        Jobs.Beat.ScheduleSlots.Validate(o.Cron, o.Every, o.TimeZone);
        if (o.Queue is not null) JobNames.ValidateQueue(o.Queue, nameof(configure));
        Schedules.Add(new Jobs.Beat.DeclaredSchedule(name, task, args, o));
        return this;
    }

    /// <summary>Runs the beat in this host: it upserts the declared schedules and enqueues their jobs when due. Any number of hosts may run one.</summary>
    public JobsOptions AddBeat(Action<BeatOptions>? configure = null)
    {
        var b = new BeatOptions();
        configure?.Invoke(b);
        b.Validate();
        BeatSettings = b;
        return this;
    }
}
