namespace Jobs.Dashboard.Actions;

/// <summary>An action on every job a search finds, worked through in the background a batch at a time.</summary>
internal sealed class BulkOperation
{
    private long _done;
    private long _seen;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required Guid Id { get; init; }
    /// <summary>retry, revoke, terminate or delete.</summary>
    public required string Action { get; init; }
    /// <summary>The search, in the search box's words.</summary>
    public required string Target { get; init; }
    public required string User { get; init; }
    /// <summary>Jobs changed so far.</summary>
    public long Done => Interlocked.Read(ref _done);
    /// <summary>Jobs looked at so far.</summary>
    public long Seen => Interlocked.Read(ref _seen);
    public bool Finished { get; private set; }
    public string? Error { get; private set; }

    internal void Add(long seen, long done)
    {
        Interlocked.Add(ref _seen, seen);
        Interlocked.Add(ref _done, done);
    }

    /// <summary>Completes when the operation has finished and its event is recorded.</summary>
    public Task Completion => _completion.Task;

    internal void Finish(string? error)
    {
        Error = error;
        Finished = true;
    }

    internal void Recorded() => _completion.TrySetResult();
}
