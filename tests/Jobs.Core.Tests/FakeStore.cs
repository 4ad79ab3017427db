using System.Collections.Concurrent;
using System.Data.Common;
using Jobs.Storage;

namespace Jobs.Core.Tests;

/// <summary>
/// An in-memory stand-in for a database, enough for the worker engine: claims handed out from a queue, attempts
/// owned by one worker, an ownership-guarded finish, and switches to make writes fail like a real database would.
/// </summary>
internal sealed class FakeStore : IJobStore
{
    private readonly ConcurrentDictionary<Guid, int> _owned = new();

    public StoreCapabilities Capabilities { get; } = new() { IdlePollInterval = TimeSpan.FromMilliseconds(20) };
    public StoreSignals Signals { get; } = new();
    public void StartSignals() { }

    /// <summary>Batches the next claims return, in order.</summary>
    public ConcurrentQueue<IReadOnlyList<ClaimedJob>> Claims { get; } = new();
    /// <summary>Outcomes written, by job id.</summary>
    public ConcurrentDictionary<Guid, JobOutcome> Stored { get; } = new();
    public ConcurrentQueue<IReadOnlyList<HeldJob>> Released { get; } = new();

    /// <summary>Every write fails (the database is unreachable).</summary>
    public volatile bool Down;
    /// <summary>A finish containing such an outcome fails as a whole (like PostgreSQL refusing NUL).</summary>
    public Func<JobOutcome, bool> Refuses { get; set; } = _ => false;
    /// <summary>Lease renewals fail (or, when set, do this instead).</summary>
    public Func<IReadOnlyList<HeldJob>, CancellationToken, Task<IReadOnlyList<HeldJob>>>? ExtendOverride { get; set; }
    public Func<IReadOnlyList<Guid>, CancellationToken, Task<IReadOnlyList<JobInfo>>>? Get { get; set; }

    /// <summary>Called after each finish call, with its outcomes and whether it threw.</summary>
    public event Action<IReadOnlyList<JobOutcome>, bool>? Finished;
    /// <summary>Called after each successful lease renewal, with the attempts sent.</summary>
    public event Action<IReadOnlyList<HeldJob>>? Extended;

    public static ClaimedJob Job(string task, Guid? id = null, int attempt = 1, int maxAttempts = 1) => new()
    {
        Id = id ?? Guid.CreateVersion7(), Task = task, Queue = "default", ArgsJson = "{}", Attempt = attempt, MaxAttempts = maxAttempts,
    };

    /// <summary>Makes <paramref name="job"/> the attempt the worker owns (as a claim would).</summary>
    public void Own(ClaimedJob job) => _owned[job.Id] = job.Attempt;

    public void Disown(Guid id) => _owned.TryRemove(id, out _);

    /// <summary>Raised on every plain claim.</summary>
    public event Action? Claimed;

    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(ClaimRequest request, CancellationToken ct)
    {
        Claimed?.Invoke();
        if (!Claims.TryDequeue(out var batch)) return Task.FromResult<IReadOnlyList<ClaimedJob>>([]);
        foreach (var job in batch) Own(job);
        return Task.FromResult(batch);
    }

    public Task<TimeSpan?> NextRunDelayAsync(IReadOnlyList<string> queues, CancellationToken ct) => Task.FromResult<TimeSpan?>(null);

    public Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct)
    {
        if (Down || outcomes.Any(Refuses))
        {
            Finished?.Invoke(outcomes, true);
            throw new IOException(Down ? "the database is unreachable" : "invalid byte sequence: 0x00");
        }
        var written = new List<Guid>();
        foreach (var o in outcomes)
            if (_owned.TryGetValue(o.Id, out var a) && a == o.Attempt && _owned.TryRemove(new KeyValuePair<Guid, int>(o.Id, a)))
            {
                Stored[o.Id] = o;
                written.Add(o.Id);
            }
        Finished?.Invoke(outcomes, false);
        return Task.FromResult<IReadOnlyList<Guid>>(written);
    }

    public async Task<IReadOnlyList<HeldJob>> ExtendLeasesAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease, CancellationToken ct)
    {
        IReadOnlyList<HeldJob> still = ExtendOverride is { } o
            ? await o(jobs, ct)
            : Down ? throw new IOException("the database is unreachable") : jobs.Where(j => _owned.TryGetValue(j.Id, out var a) && a == j.Attempt).ToList();
        Extended?.Invoke(jobs);
        return still;
    }

    public Task<int> ReleaseAsync(string worker, IReadOnlyList<HeldJob> jobs, CancellationToken ct)
    {
        Released.Enqueue(jobs);
        return Task.FromResult(jobs.Count(j => _owned.TryRemove(new KeyValuePair<Guid, int>(j.Id, j.Attempt))));
    }

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyList<Guid> ids, CancellationToken ct)
        => Get?.Invoke(ids, ct) ?? throw new NotSupportedException();

    public Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<JobAttempt>> GetAttemptsAsync(Guid id, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<JobRelative>> GetRelativesAsync(Guid id, CancellationToken ct) => throw new NotSupportedException();
    public Task<int> RescueAsync(int limit, CancellationToken ct) => throw new NotSupportedException();
    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct) => throw new NotSupportedException();
    public Task ApplyWorkflowAsync(WorkflowPlan plan, CancellationToken ct) => throw new NotSupportedException();
    public Task<IReadOnlyList<Guid>> RevokeWorkflowAsync(Guid memberId, string reason, bool terminate, CancellationToken ct) => throw new NotSupportedException();
    /// <summary>What the limited claim returns; default: no limits.</summary>
    public Func<ClaimRequest, LimitedClaim> Limited { get; set; } = _ => LimitedClaim.None;
    public int LimitedClaims;
    /// <summary>What HasLimitedWorkAsync answers; default: no limited work.</summary>
    public bool LimitedWork { get; set; }
    public Task<bool> HasLimitedWorkAsync(IReadOnlyList<string> queues, CancellationToken ct) => Task.FromResult(LimitedWork);
    public Task<LimitedClaim> ClaimLimitedAsync(ClaimRequest request, CancellationToken ct)
    {
        Interlocked.Increment(ref LimitedClaims);
        return Task.FromResult(Limited(request));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    public void Dispose() { }
}
