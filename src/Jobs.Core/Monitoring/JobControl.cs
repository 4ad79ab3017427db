using System.Runtime.CompilerServices;
using System.Text.Json;
using Jobs.Storage;

namespace Jobs;

/// <summary>
/// Remote control and monitoring from any process (Celery's <c>app.control</c> and <c>app.events</c>): broadcasts
/// commands to workers through the control table and collects their replies, lists workers, reads and follows the
/// events table, and reads the reporting views. Resolve it from DI after <c>AddJobs</c>.
/// </summary>
public sealed class JobControl
{
    private readonly IMonitorStore _monitor;
    private readonly IJobStore _store;
    private readonly TimeProvider _time;
    private readonly Monitoring.JobEventHub _events;
    private readonly bool _storeEvents;

    /// <summary>How long a broadcast waits for replies when no timeout is given (Celery's default).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    internal JobControl(IMonitorStore monitor, IJobStore store, JobsOptions options, Monitoring.JobEventHub events)
    {
        _monitor = monitor;
        _store = store;
        _time = options.TimeProvider;
        _events = events;
        _storeEvents = options.Monitoring.SendTaskSentEvents;
    }

    /// <summary>
    /// Sends <paramref name="command"/> (see README "Remote control": ping, active, reserved, scheduled, registered,
    /// stats, revoke, rate-limit, pool-grow, pool-shrink, add-consumer, cancel-consumer, shutdown) to every worker, or to
    /// <paramref name="destination"/>, and collects the replies until <paramref name="timeout"/> passes or every online
    /// worker addressed has replied. Returns the replies by worker name.
    /// </summary>
    public async Task<IReadOnlyList<WorkerReply>> BroadcastAsync(string command, object? arguments = null, string? destination = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        var wait = timeout ?? DefaultTimeout;
        var expected = (await _monitor.ListWorkersAsync(includeStopped: false, cancellationToken).ConfigureAwait(false))
            .Where(w => w.Online && (destination is null || w.Name == destination)).Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var args = JsonSerializer.Serialize(arguments ?? new { }, ControlJson.Options);
        var id = await _monitor.SendControlAsync(command, args, destination, wait + TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        var started = _time.GetTimestamp();
        IReadOnlyList<WorkerReply> replies = [];
        while (true)
        {
            replies = await _monitor.ReadRepliesAsync(id, cancellationToken).ConfigureAwait(false);
            if (expected.Count > 0 && expected.IsSubsetOf(replies.Select(r => r.Worker))) break;
            var left = wait - _time.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            await Task.Delay(left < ReplyPoll ? left : ReplyPoll, _time, cancellationToken).ConfigureAwait(false);
        }
        return replies.OrderBy(r => r.Worker, StringComparer.Ordinal).ToList();
    }

    private static readonly TimeSpan ReplyPoll = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Revokes jobs in the database (as <see cref="IJobClient"/>'s revoke: waiting ones never run) and tells the workers
    /// (every one, or <paramref name="destination"/>), so that a running one is cancelled at once (with
    /// <paramref name="terminate"/>, the process pool kills its child). Returns the ids revoked and the workers' replies
    /// (each names the ids it cancelled); <paramref name="reason"/> (default "revoked" or "terminated") is recorded as their error. A task-revoked event is emitted for each revoked job that was not running
    /// (the worker that lets a running one go emits its own), and stored when this client stores its events.
    /// </summary>
    public async Task<RevokeResult> RevokeAsync(IReadOnlyList<Guid> ids, bool terminate, string? destination = null, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default, string? reason = null)
    {
        // Running jobs get their task-revoked from the worker that lets them go; the others from here.
        var wantEvents = _events.Wants(_storeEvents);
        var running = wantEvents
            ? (await _store.GetJobsAsync(ids, cancellationToken).ConfigureAwait(false)).Where(j => j.State == JobState.Started).Select(j => j.Id).ToHashSet()
            : [];
        var revoked = await _store.RevokeAsync(ids, reason ?? (terminate ? "terminated" : "revoked"), terminate, cancellationToken).ConfigureAwait(false);
        if (revoked.Count == 0) return new RevokeResult(revoked, []);
        var replies = await BroadcastAsync(ControlCommands.Revoke, new { ids = revoked, terminate }, destination, timeout ?? TimeSpan.FromMilliseconds(500),
            cancellationToken).ConfigureAwait(false);
        if (wantEvents)
        {
            var cancelled = replies.SelectMany(CancelledIds).ToHashSet();
            var now = _time.GetUtcNow();
            foreach (var id in revoked.Where(id => !cancelled.Contains(id) && !running.Contains(id)))
                _events.Publish(new JobEvent { Type = JobEventTypes.TaskRevoked, Timestamp = now, JobId = id, Terminated = false, Expired = false }, _storeEvents);
        }
        return new RevokeResult(revoked, replies);
    }

    private static IEnumerable<Guid> CancelledIds(WorkerReply reply)
        => reply.Reply.ValueKind == JsonValueKind.Object && reply.Reply.TryGetProperty("ids", out var ids) && ids.ValueKind == JsonValueKind.Array
            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetGuid()) : [];

    /// <summary>
    /// Stores one event of the caller's own (such as an <see cref="JobEventTypes.AdminAction"/>) in the events table now,
    /// and hands it to this host's in-process subscribers. A missing <see cref="JobEvent.Timestamp"/> is set to now.
    /// </summary>
    public async Task RecordEventAsync(JobEvent e, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Timestamp == default) e = e with { Timestamp = _time.GetUtcNow() };
        _events.Publish(e, store: false);
        await _monitor.InsertEventsAsync([e], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Workers from the workers table, by name; stopped ones too when <paramref name="includeStopped"/>.</summary>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped = false, CancellationToken cancellationToken = default)
        => _monitor.ListWorkersAsync(includeStopped, cancellationToken);

    /// <summary>The reporting views' figures over jobs finished in the last <paramref name="since"/> (null: all stored jobs), and queue depths now.</summary>
    public Task<JobsReport> ReportAsync(TimeSpan? since = null, CancellationToken cancellationToken = default)
        => _monitor.ReportAsync(since, cancellationToken);

    /// <summary>The newest <paramref name="count"/> stored events, oldest first.</summary>
    public async Task<IReadOnlyList<JobEvent>> ReadNewestEventsAsync(int count = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var newest = await _monitor.LastEventIdAsync(cancellationToken).ConfigureAwait(false);
        // Ids only grow but may have gaps (pruning, rolled-back inserts): widen the window until it holds enough.
        for (var window = (long)count; ; window *= 2)
        {
            var after = Math.Max(0, newest - window);
            var events = await _monitor.ReadEventsAsync(after, (int)Math.Min(int.MaxValue, window), cancellationToken).ConfigureAwait(false);
            if (events.Count >= count || after == 0) return events.Skip(Math.Max(0, events.Count - count)).ToList();
        }
    }

    /// <summary>Stored events after <paramref name="afterId"/>, oldest first.</summary>
    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(long afterId = 0, int limit = 1000, CancellationToken cancellationToken = default)
        => _monitor.ReadEventsAsync(afterId, limit, cancellationToken);

    /// <summary>
    /// Streams stored events as they arrive (woken by the store's notification, else polling), starting after the newest
    /// one now, or from the oldest stored when <paramref name="fromStart"/>. Ends when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public IAsyncEnumerable<JobEvent> FollowEventsAsync(bool fromStart = false, CancellationToken cancellationToken = default)
        => FollowAsync(fromStart ? _ => Task.FromResult(0L) : _monitor.LastEventIdAsync, cancellationToken);

    /// <summary>
    /// Streams stored events after <paramref name="afterId"/> (an event's <see cref="JobEvent.Id"/>, or 0), then new ones as
    /// they arrive, as <see cref="FollowEventsAsync"/> does: a follower that read where it stands first misses nothing.
    /// </summary>
    public IAsyncEnumerable<JobEvent> FollowEventsAfterAsync(long afterId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterId);
        return FollowAsync(_ => Task.FromResult(afterId), cancellationToken);
    }

    private async IAsyncEnumerable<JobEvent> FollowAsync(Func<CancellationToken, Task<long>> start, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var wake = new Worker.AsyncSignal();
        void OnStored() => wake.Set();
        _monitor.Signals.EventsStored += OnStored;
        _monitor.Signals.Reset += OnStored;
        try
        {
            _monitor.StartSignals();
            var last = await start(cancellationToken).ConfigureAwait(false);
            // With pushed signals the poll is a safety net only.
            var poll = _monitor.Capabilities.CrossProcessSignals ? TimeSpan.FromSeconds(2) : _monitor.Capabilities.IdlePollInterval;
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await _monitor.ReadEventsAsync(last, 1000, cancellationToken).ConfigureAwait(false);
                foreach (var e in batch)
                {
                    last = e.Id;
                    yield return e;
                }
                if (batch.Count == 1000) continue;
                try { await wake.WaitAsync(poll, cancellationToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { yield break; }
            }
        }
        finally
        {
            _monitor.Signals.EventsStored -= OnStored;
            _monitor.Signals.Reset -= OnStored;
        }
    }
}
