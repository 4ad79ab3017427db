using Jobs.Cli.Providers;
using Jobs.Cli.Tasks;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Cli;

/// <summary>A client-side Jobs container for one command: the client, the administration API, and the known tasks.</summary>
internal sealed class JobsSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private JobsSession(ServiceProvider services)
    {
        _services = services;
        Client = services.GetRequiredService<IJobClient>();
        Store = services.GetRequiredService<IJobStore>();
        Admin = services.GetRequiredService<JobAdmin>();
        Options = services.GetRequiredService<JobsOptions>();
    }

    /// <summary>The environment variable that makes every command store events (<c>JOBS_EVENTS=1</c>): as <c>--events</c>/<c>-E</c>.</summary>
    public const string EventsVariable = "JOBS_EVENTS";

    /// <summary>True when <c>JOBS_EVENTS</c> is 1, true, yes or on.</summary>
    public static bool EventsFromEnvironment
        => Environment.GetEnvironmentVariable(EventsVariable)?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";

    public IJobClient Client { get; }
    /// <summary>The store's hot path, for the process pool's supervisor (it claims nothing itself, but hears the store's signals and reads jobs).</summary>
    internal IJobStore Store { get; }

    /// <summary>The administration API the commands use.</summary>
    public JobAdmin Admin { get; }
    public JobsOptions Options { get; }

    /// <summary>Remote control, workers, events and reports (<see cref="JobControl"/>), resolved on first use.</summary>
    public JobControl Control => _services.GetService<JobControl>()
        ?? throw CliException.Usage("this database's store has no monitoring support (workers, events, remote control)");

    /// <summary>A service of the session's container (the monitor store, the event hub), or null.</summary>
    internal T? Service<T>() where T : class => _services.GetService<T>();

    /// <summary>Opens a session on an existing database, with the built-in tasks and those of <paramref name="assemblies"/>.</summary>
    /// <param name="configure">Further settings of this command (e.g. <c>enqueue --events</c>).</param>
    public static JobsSession Open(StoreProvider provider, IEnumerable<string>? assemblies = null, Action<JobsOptions>? configure = null)
    {
        provider.EnsureExists();
        var services = new ServiceCollection();
        services.AddJobs(o =>
        {
            Configure(o, provider, assemblies ?? []);
            configure?.Invoke(o);
        });
        return new JobsSession(services.BuildServiceProvider());
    }

    /// <summary>
    /// The Jobs configuration every console process shares: the store, built-in tasks, <c>-A</c> tasks, and with
    /// <c>JOBS_EVENTS=1</c> a task-sent event stored for each job enqueued.
    /// </summary>
    public static void Configure(JobsOptions options, StoreProvider provider, IEnumerable<string> assemblies)
    {
        provider.UseStore(options);
        if (EventsFromEnvironment) options.Monitoring.SendTaskSentEvents = true;
        BuiltInTasks.Register(options);
        TaskAssemblies.Register(options, assemblies);
    }

    /// <summary>Reads one job; a missing id is a user error.</summary>
    public async Task<JobInfo> GetJobAsync(Guid id, CancellationToken ct)
        => (await Client.GetJobsAsync([id], ct).ConfigureAwait(false)).FirstOrDefault()
           ?? throw CliException.Usage($"no job with id {id}");

    /// <summary>A cheap query that fails when the database is unreachable or not migrated.</summary>
    public Task ProbeAsync(CancellationToken ct) => Client.GetJobsAsync([Guid.Empty], ct);

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
