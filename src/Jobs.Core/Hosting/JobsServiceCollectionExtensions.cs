using Jobs.Hosting;
using Jobs.Maintenance;
using Jobs.Monitoring;
using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs;

/// <summary>Registers Jobs with Microsoft.Extensions.DependencyInjection / Hosting.</summary>
public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Jobs client (<see cref="IJobClient"/>), remote control and monitoring (<see cref="JobControl"/>), the
    /// store, the tasks, and one hosted service that runs this host's components (<see cref="JobsComponents"/>) in
    /// dependency order: the declared limits, for each <see cref="JobsOptions.AddWorker"/> a worker (pool, consumer,
    /// heartbeat, remote control, events; lease rescue and pruning), the beat when <see cref="JobsOptions.AddBeat"/> was
    /// called, and the components added with <see cref="JobsOptions.AddComponent{T}"/>.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, Action<JobsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(JobsOptions)))
            throw new InvalidOperationException("AddJobs was called twice; configure everything in one call.");
        var options = new JobsOptions();
        configure(options);
        options.Monitoring.Validate();
        var factory = options.StoreFactory ?? throw new InvalidOperationException(
            "Jobs has no store: call UseSqlite(...) (package Jobs.Sqlite), UsePostgres(...) (package Jobs.Postgres) or another store's Use method inside AddJobs.");

        services.AddSingleton(options);
        foreach (var register in options.ServiceRegistrations) register(services);
        if (options.DriverFactory is { } driver) services.AddSingleton(driver);
        services.AddSingleton<IJobStore>(factory);
        services.AddSingleton(sp => Port<IJobAdminStore>(sp));
        services.AddSingleton(sp => Port<IScheduleStore>(sp));
        services.AddSingleton(sp => Port<ILimitStore>(sp));
        services.AddSingleton(sp => new JobAdmin(sp.GetRequiredService<IJobStore>(), sp.GetRequiredService<IJobAdminStore>(),
            sp.GetRequiredService<IScheduleStore>(), sp.GetRequiredService<ILimitStore>(), options, sp.GetService<JobControl>()));
        services.AddSingleton<ResultWaiter>();
        if (options.MonitorFactory is { } monitor)
        {
            services.AddSingleton<IMonitorStore>(monitor);
            services.AddSingleton(sp => new EventRecorder(sp.GetRequiredService<IMonitorStore>(), options.TimeProvider, Logger<EventRecorder>(sp)));
            services.AddSingleton(sp => new JobControl(sp.GetRequiredService<IMonitorStore>(), sp.GetRequiredService<IJobStore>(), options,
                sp.GetRequiredService<JobEventHub>()));
        }
        services.AddSingleton(sp => new JobEventHub(options, sp.GetService<EventRecorder>(), Logger<JobEventHub>(sp)));
        services.AddSingleton<IJobClient>(sp => new JobClient(sp.GetRequiredService<IJobStore>(), options, sp.GetRequiredService<ResultWaiter>(),
            sp.GetRequiredService<JobEventHub>(), Logger<JobClient>(sp)));
        foreach (var worker in options.Workers)
            services.AddSingleton(sp => new JobWorker(sp.GetRequiredService<IJobStore>(), options, worker, sp,
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance, sp.GetRequiredService<JobEventHub>()));
        if (options.Workers.Count > 0 || options.BeatSettings is not null || options.Components.Count > 0)
            services.AddSingleton<IHostedService>(sp => CreateHost(sp, options));
        return services;
    }

    private static JobsHost CreateHost(IServiceProvider sp, JobsOptions options)
    {
        var store = sp.GetRequiredService<IJobStore>();
        var monitor = sp.GetService<IMonitorStore>();
        var workers = sp.GetServices<JobWorker>().ToList();
        var components = new List<IJobsComponent>();
        var consumerNeeds = new List<string> { JobsComponents.Pool };
        var limits = options.DeclaredLimits.Count > 0 && (workers.Count > 0 || options.BeatSettings is not null);
        // Before the workers and the beat, so that a deploy declaring a new limit never claims past it.
        if (limits)
        {
            components.Add(new ServiceComponent(JobsComponents.Limits, new Limits.LimitDeclarer(sp.GetRequiredService<ILimitStore>(), options, Logger<Limits.LimitDeclarer>(sp))));
            consumerNeeds.Add(JobsComponents.Limits);
        }
        if (workers.Count > 0)
        {
            var recorder = sp.GetService<EventRecorder>();
            if (recorder is not null) components.Add(new EventsComponent(recorder));
            components.Add(new PoolComponent(workers, recorder is null ? [] : [JobsComponents.Events]));
            if (monitor is not null && options.Monitoring.RegisterWorkers)
            {
                components.Add(new WorkerRegistry(monitor, workers, sp.GetRequiredService<JobEventHub>(), options, Logger<WorkerRegistry>(sp)));
                consumerNeeds.Add(JobsComponents.Heartbeat);
            }
            components.Add(new ConsumerComponent(workers, [.. consumerNeeds]));
            if (monitor is not null && options.Monitoring.RemoteControl)
                components.Add(new ControlResponder(monitor, workers,
                    new ControlHandler(sp.GetRequiredService<IJobAdminStore>(), sp.GetService<IHostApplicationLifetime>(), Logger<ControlHandler>(sp)), options.TimeProvider, Logger<ControlResponder>(sp)));
            if (options.Maintenance.Enabled)
            {
                components.Add(new ServiceComponent(JobsComponents.Rescuer, new Rescuer(store, options, Logger<Rescuer>(sp))));
                components.Add(new ServiceComponent(JobsComponents.Pruner, new Pruner(store, options, Logger<Pruner>(sp))));
            }
        }
        if (options.BeatSettings is { } beat)
            components.Add(new ServiceComponent(JobsComponents.Beat, new Beat.BeatService(sp.GetRequiredService<IScheduleStore>(), options, beat, Logger<Beat.BeatService>(sp)),
                limits ? [JobsComponents.Limits] : []));
        foreach (var type in options.Components)
            components.Add((IJobsComponent)ActivatorUtilities.GetServiceOrCreateInstance(sp, type));
        return new JobsHost(components, workers, options, Logger<JobsHost>(sp));
    }

    /// <summary>A port of the store beside the hot path (administration, schedules, limits): Core's store implements them all.</summary>
    private static T Port<T>(IServiceProvider sp) where T : class => sp.GetRequiredService<IJobStore>() as T
        ?? throw new InvalidOperationException($"The configured store does not implement {typeof(T).Name}.");

    private static ILogger<T> Logger<T>(IServiceProvider sp) => (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<T>();
}
