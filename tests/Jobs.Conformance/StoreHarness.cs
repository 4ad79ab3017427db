using System.Data.Common;

namespace Jobs.Conformance;

/// <summary>What a store's test project provides to the conformance suite: a fresh, migrated, isolated store.</summary>
public abstract class StoreHarness : IAsyncDisposable
{
    /// <summary>Points <paramref name="options"/> at this harness's store (e.g. <c>UsePostgres</c> with a fresh schema).</summary>
    public abstract void Configure(JobsOptions options);

    /// <summary>Opens a connection to the store's database, for transactional enqueue.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>
    /// Overwrites a job row's state and, where given, its run_at, started_at and finished_at (tests of the reporting
    /// views write known times). Stores whose harness cannot write rows leave this unsupported.
    /// </summary>
    public virtual Task SetJobAsync(Guid id, string state, DateTimeOffset? runAt = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
        => throw new NotSupportedException($"{GetType().Name} cannot write job rows.");

    /// <summary>
    /// Runs <paramref name="sql"/> (an UPDATE; <c>{job}</c> stands for the job table's qualified name) the way someone
    /// with write access to the table would, outside Jobs: the signing tests tamper with rows through it.
    /// </summary>
    public virtual Task TamperAsync(string sql) => throw new NotSupportedException($"{GetType().Name} cannot tamper with rows.");

    /// <summary>A literal of <paramref name="bytes"/> in this store's SQL (SQLite's <c>X'..'</c> by default).</summary>
    public virtual string BytesLiteral(byte[] bytes) => "X'" + Convert.ToHexString(bytes) + "'";

    /// <summary>The time columns of the job table (the table contract), all moved by <see cref="BackdateJobsAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> JobTimes =
        ["created_at", "run_at", "expires_at", "lease_until", "started_at", "finished_at", "unique_until"];

    /// <summary>The time columns of the schedule table, moved by <see cref="BackdateSchedulesAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> ScheduleTimes = ["next_run_at", "last_run_at", "created_at", "updated_at"];

    /// <summary>The time columns of the job_limit table (rate buckets), moved by <see cref="BackdateLimitsAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> LimitTimes = ["refilled_at", "updated_at"];

    /// <summary>The time columns of the worker table (monitoring), moved by <see cref="BackdateWorkersAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> WorkerTimes = ["started_at", "heartbeat_at", "stopped_at"];

    /// <summary>The time columns of the control table (remote-control requests), moved by <see cref="BackdateControlAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> ControlTimes = ["created_at", "expires_at"];

    /// <summary>The time columns of the control_reply table, moved by <see cref="BackdateControlAsync"/>.</summary>
    protected static readonly IReadOnlyList<string> ControlReplyTimes = ["created_at"];

    /// <summary>
    /// Moves every stored time of the jobs <paramref name="ids"/> (created, run, expiry, lease, start, finish, unique-until)
    /// <paramref name="by"/> into the past: to the store those jobs are as old as if its clock had moved on by that much.
    /// Tests use it instead of waiting for a lease, a countdown, an expiry or a result TTL to run out on the database
    /// clock. The far-future run time of a workflow step that waits for another job (9999-12-31) is left as it is.
    /// </summary>
    public Task BackdateJobsAsync(IReadOnlyCollection<Guid> ids, TimeSpan by)
    {
        if (ids.Count == 0) throw new ArgumentException("No jobs to backdate.", nameof(ids));
        return BackdateAsync("job", JobTimes, Positive(by), ids);
    }

    /// <summary>Moves every stored time of every schedule <paramref name="by"/> into the past (see <see cref="BackdateJobsAsync"/>).</summary>
    public Task BackdateSchedulesAsync(TimeSpan by) => BackdateAsync("schedule", ScheduleTimes, Positive(by), null);

    /// <summary>Moves every stored time of every rate or concurrency limit <paramref name="by"/> into the past: buckets refill as if that much time had passed.</summary>
    public Task BackdateLimitsAsync(TimeSpan by) => BackdateAsync("job_limit", LimitTimes, Positive(by), null);

    /// <summary>Moves every registered worker's stored times <paramref name="by"/> into the past: heartbeats look that much older.</summary>
    public Task BackdateWorkersAsync(TimeSpan by) => BackdateAsync("worker", WorkerTimes, Positive(by), null);

    /// <summary>Moves every remote-control request's and reply's stored times <paramref name="by"/> into the past: requests expire sooner.</summary>
    public async Task BackdateControlAsync(TimeSpan by)
    {
        await BackdateAsync("control", ControlTimes, Positive(by), null);
        await BackdateAsync("control_reply", ControlReplyTimes, by, null);
    }

    /// <summary>
    /// The store's statement behind the Backdate methods: in <paramref name="table"/> (a contract name, unqualified),
    /// subtracts <paramref name="by"/> from each of <paramref name="columns"/> where it is set and before 9999-01-01, in
    /// the rows whose <c>id</c> is in <paramref name="ids"/> (every row when null).
    /// </summary>
    protected virtual Task BackdateAsync(string table, IReadOnlyList<string> columns, TimeSpan by, IReadOnlyCollection<Guid>? ids)
        => throw new NotSupportedException($"{GetType().Name} cannot backdate rows.");

    private static TimeSpan Positive(TimeSpan by) =>
        by > TimeSpan.Zero ? by : throw new ArgumentOutOfRangeException(nameof(by), by, "Backdate by a positive time.");

    /// <summary>The database clock.</summary>
    public virtual Task<DateTimeOffset> DbNowAsync() => throw new NotSupportedException($"{GetType().Name} cannot read the database clock.");

    /// <summary>Drops what the harness created.</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
