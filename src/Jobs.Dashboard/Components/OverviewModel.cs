namespace Jobs.Dashboard.Components;

/// <summary>What the overview shows: counts per queue and state, the last hour's report, recent times per task, workers.</summary>
internal sealed record OverviewModel(IReadOnlyList<QueueStats> Counts, JobsReport? Report, IReadOnlyList<Data.TaskTimes> Recent,
    IReadOnlyList<WorkerInfo> Workers, DateTimeOffset Now);
