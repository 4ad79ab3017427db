using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Data;

/// <summary>
/// The figures every page shows, read once per <see cref="DashboardOptions.CacheDuration"/> for all viewers: counts per
/// queue and state (cheap: partial indexes and the job_count table), the queue list, limits, workers and the report.
/// </summary>
internal sealed class DashboardCache
{
    public DashboardCache(IServiceProvider services, DashboardOptions options)
    {
        var admin = services.GetRequiredService<JobAdmin>();
        var control = services.GetService<JobControl>();
        var time = services.GetService<JobsOptions>()?.TimeProvider ?? TimeProvider.System;
        var d = options.CacheDuration;
        Counts = new(ct => admin.CountJobsAsync(ct), d, time);
        Queues = new(ct => admin.ListQueuesAsync(ct), d, time);
        Limits = new(ct => admin.ListLimitsAsync(ct), d, time);
        Workers = new(ct => admin.ListWorkersAsync(includeStopped: true, ct), d, time);
        Schedules = new(ct => admin.ListSchedulesAsync(ct), d, time);
        // The report reads finished jobs of the last hour: shared for longer, it is the costliest read.
        Report = new(async ct => control is null ? null : await control.ReportAsync(TimeSpan.FromHours(1), ct), d * 5, time);
        Recent = new(ct => RecentSample.ReadAsync(admin, ct), d * 5, time);
    }

    public SharedValue<IReadOnlyList<QueueStats>> Counts { get; }
    public SharedValue<IReadOnlyList<QueueInfo>> Queues { get; }
    public SharedValue<IReadOnlyList<JobLimit>> Limits { get; }
    public SharedValue<IReadOnlyList<WorkerInfo>> Workers { get; }
    public SharedValue<IReadOnlyList<ScheduleEntry>> Schedules { get; }
    public SharedValue<JobsReport?> Report { get; }
    public SharedValue<IReadOnlyList<TaskTimes>> Recent { get; }

    /// <summary>After an action: the next page shows its effect, not a cached count.</summary>
    public void Invalidate()
    {
        Counts.Invalidate();
        Queues.Invalidate();
        Limits.Invalidate();
        Schedules.Invalidate();
    }
}
