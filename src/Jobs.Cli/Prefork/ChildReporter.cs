using Jobs.Storage;
using Jobs.Worker;

namespace Jobs.Cli.Prefork;

/// <summary>
/// A pool child's attempt observer: reports each attempt's start and end to the supervisor, and decides when the
/// child must be recycled: after <c>--max-tasks-per-child</c> attempts, when its resident memory exceeds
/// <c>--max-memory-per-child</c>, or after a job's code was abandoned at its hard time limit (it may still be
/// running, burning CPU or holding memory, and only the process's end stops it). Recycling stops claiming at once
/// (the worker asks before it frees the slot) and stops the host, whose graceful shutdown writes the last outcome.
/// </summary>
internal sealed class ChildReporter(SupervisorChannel channel, long? maxTasks, long? maxMemoryMb) : IAttemptObserver
{
    private int _ended;
    private string? _recycleReason;

    /// <summary>Stops the child's host; set once the host is built.</summary>
    public Action StopHost { get; set; } = () => { };

    /// <summary>Why the child recycles itself; null while it does not.</summary>
    public string? RecycleReason => Volatile.Read(ref _recycleReason);

    public void OnStarted(ClaimedJob job, TimeSpan? hardLimit) => channel.Send(new ChildMessage.Started(job.Id, job.Attempt, hardLimit));

    public bool OnEnded(ClaimedJob job, JobOutcome? outcome)
    {
        channel.Send(new ChildMessage.Finished(job.Id, job.Attempt, outcome?.Kind switch
        {
            OutcomeKind.Success => JobState.Success, OutcomeKind.Retry => JobState.Retry, OutcomeKind.Failure => JobState.Failure, _ => null,
        }));
        var ended = Interlocked.Increment(ref _ended);
        var reason = Reason(job, outcome, ended);
        if (reason is null || Interlocked.CompareExchange(ref _recycleReason, reason, null) is not null) return reason is not null;
        channel.Send(new ChildMessage.Recycling(reason));
        StopHost();
        return true;
    }

    private string? Reason(ClaimedJob job, JobOutcome? outcome, int ended)
    {
        if (outcome is { Kind: OutcomeKind.Failure, Error: { } error } && error.StartsWith("TimeLimitExceeded:", StringComparison.Ordinal))
            return $"after job {job.Id} exceeded its time limit (its code may still be running)";
        if (maxTasks is { } max && ended >= max) return $"after {ended} jobs";
        if (maxMemoryMb is { } limit && MemoryProbe.ResidentMegabytes() is var rss && rss > limit) return $"with memory {rss} MB > {limit} MB";
        return null;
    }
}
