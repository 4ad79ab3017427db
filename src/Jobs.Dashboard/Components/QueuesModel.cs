namespace Jobs.Dashboard.Components;

/// <summary>The queues page: each queue's state and depth, its counts, and every limit.</summary>
internal sealed record QueuesModel(IReadOnlyList<QueueInfo> Queues, IReadOnlyList<QueueStats> Counts, IReadOnlyList<JobLimit> Limits);
