namespace Jobs.Storage;

/// <summary>
/// The monitoring side of the store, written once over any <see cref="IStoreDriver"/>: the workers, events and
/// control tables and the reporting views. Stored events and control requests are announced through the driver's
/// wake-ups after they commit, on the same channel as the jobs' (one LISTEN connection per process on PostgreSQL).
/// </summary>
internal sealed class MonitorStore(IStoreDriver driver) : IMonitorStore
{
    public StoreSignals Signals => driver.Signals;
    public StoreCapabilities Capabilities => driver.Capabilities;
    public void StartSignals() => driver.StartSignals();

    public Task RegisterWorkerAsync(WorkerRegistration worker, CancellationToken ct) => Execute(async x => { await x.WorkerRegisterAsync(worker).ConfigureAwait(false); return 0; }, ct);

    public Task<bool> HeartbeatAsync(WorkerRegistration worker, WorkerLoad load, CancellationToken ct) => Execute(x => x.WorkerHeartbeatAsync(worker, load), ct);

    public Task MarkStoppedAsync(string worker, CancellationToken ct) => Execute(async x => { await x.WorkerStopAsync(worker).ConfigureAwait(false); return 0; }, ct);

    public Task<IReadOnlyList<string>> SweepWorkersAsync(TimeSpan forgetAfter, CancellationToken ct) => Execute(x => x.WorkerSweepAsync(forgetAfter), ct);

    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped, CancellationToken ct) => Execute(x => x.WorkerListAsync(includeStopped), ct);

    public Task InsertEventsAsync(IReadOnlyList<JobEvent> events, CancellationToken ct) => events.Count == 0
        ? Task.CompletedTask
        : Execute(async x =>
        {
            await x.EventInsertManyAsync(events).ConfigureAwait(false);
            x.Changes.EventsStored();
            return 0;
        }, ct);

    public Task<IReadOnlyList<JobEvent>> ReadEventsAsync(long afterId, int limit, CancellationToken ct) => Execute(x => x.EventListAsync(afterId, Math.Max(0, limit)), ct);

    public Task<long> LastEventIdAsync(CancellationToken ct) => Execute(x => x.EventLastIdAsync(), ct);

    public Task<int> PruneEventsAsync(TimeSpan olderThan, CancellationToken ct) => Execute(x => x.EventPruneAsync(olderThan), ct);

    public Task<long> SendControlAsync(string command, string argsJson, string? destination, TimeSpan ttl, CancellationToken ct) => Execute(async x =>
    {
        var id = await x.ControlSendAsync(command, argsJson, destination, ttl).ConfigureAwait(false);
        x.Changes.ControlSent();
        return id;
    }, ct);

    public Task<IReadOnlyList<ControlRequest>> ReadControlAsync(long afterId, string worker, CancellationToken ct) => Execute(x => x.ControlListAsync(afterId, worker), ct);

    public Task<long> LastControlIdAsync(CancellationToken ct) => Execute(x => x.ControlLastIdAsync(), ct);

    public Task ReplyControlAsync(long requestId, string worker, string replyJson, CancellationToken ct)
        => Execute(async x => { await x.ControlReplyInsertAsync(requestId, worker, replyJson).ConfigureAwait(false); return 0; }, ct);

    public Task<IReadOnlyList<WorkerReply>> ReadRepliesAsync(long requestId, CancellationToken ct) => Execute(x => x.ControlReplyListAsync(requestId), ct);

    public Task<int> PruneControlAsync(CancellationToken ct) => Execute(x => x.ControlPruneAsync(), ct);

    /// <summary>Every view in one snapshot; with a window, its start is the database clock minus <paramref name="since"/>.</summary>
    public Task<JobsReport> ReportAsync(TimeSpan? since, CancellationToken ct) => driver.InSnapshotAsync(async x =>
    {
        DateTimeOffset? from = since is { } window ? await x.ClockNowAsync().ConfigureAwait(false) - window : null;
        var throughput = await x.ReportThroughputListAsync(from).ConfigureAwait(false);
        var tasks = await x.ReportRuntimeListAsync(from).ConfigureAwait(false);
        var queues = await x.ReportQueueListAsync().ConfigureAwait(false);
        return new JobsReport { Since = from, Throughput = throughput, Tasks = tasks, Queues = queues };
    }, ct);

    /// <summary>Runs statements that each commit on their own, then sends what they changed.</summary>
    private async Task<T> Execute<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct)
    {
        var changes = new StoreChanges();
        var result = await driver.ExecuteAsync(changes, work, ct).ConfigureAwait(false);
        driver.Wakeups.Send(changes);
        return result;
    }
}
