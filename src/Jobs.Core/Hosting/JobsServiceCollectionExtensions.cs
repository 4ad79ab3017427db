using Jobs.Maintenance;
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
    /// Adds the Jobs client (<see cref="IJobClient"/>), the store, the tasks, and, for each
    /// <see cref="JobsOptions.AddWorker"/>, a worker hosted service (plus lease rescue and pruning, and the declared
    /// rate and concurrency limits stored before the workers start),
    /// and the beat when <see cref="JobsOptions.AddBeat"/> was called.
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, Action<JobsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(d => d.ServiceType == typeof(JobsOptions)))
            throw new InvalidOperationException("AddJobs was called twice; configure everything in one call.");
        var options = new JobsOptions();
        configure(options);
        var factory = options.StoreFactory ?? throw new InvalidOperationException(
            "Jobs has no store: call UseSqlite(...) (package Jobs.Sqlite), UsePostgres(...) (package Jobs.Postgres) or another store's Use method inside AddJobs.");

        services.AddSingleton(options);
        services.AddSingleton<IJobStore>(factory);
        services.AddSingleton<ResultWaiter>();
        services.AddSingleton<IJobClient, JobClient>();
        if (options.MonitorFactory is { } monitor)
        {
            services.AddSingleton<IMonitorStore>(monitor);
            services.AddSingleton(sp => new JobControl(sp.GetRequiredService<IMonitorStore>(), sp.GetRequiredService<IJobStore>(), options.TimeProvider));
        }
        // Before the workers, so that a deploy declaring a new limit never claims past it.
        if (options.DeclaredLimits.Count > 0 && (options.Workers.Count > 0 || options.BeatSettings is not null))
            services.AddSingleton<IHostedService>(sp => new Limits.LimitDeclarer(sp.GetRequiredService<IJobStore>(), options,
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<Limits.LimitDeclarer>()));
        foreach (var worker in options.Workers)
            services.AddSingleton<IHostedService>(sp => new JobWorker(sp.GetRequiredService<IJobStore>(), options, worker, sp,
                sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        if (options.Workers.Count > 0 && options.Maintenance.Enabled)
        {
            services.AddHostedService<Rescuer>();
            services.AddHostedService<Pruner>();
        }
        if (options.BeatSettings is { } beat)
            services.AddSingleton<IHostedService>(sp => new Beat.BeatService(sp.GetRequiredService<IJobStore>(), options, beat,
                (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<Beat.BeatService>()));
        return services;
    }
}
