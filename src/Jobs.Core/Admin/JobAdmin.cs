using System.Text.Json;
using Jobs.Beat;
using Jobs.Storage;

namespace Jobs;

/// <summary>
/// Administration of a Jobs database, for host apps, the <c>jobs</c> console and dashboards: search jobs and read
/// them with their attempts and workflow relatives, count them, retry, revoke or delete them (one, a list, or all a
/// search finds), pause and resume queues, and manage schedules, limits and workers. Resolve it from DI
/// (<c>services.AddJobs(...)</c> registers it). Stable API; the store ports behind it are internal.
/// </summary>
public sealed class JobAdmin
{
    /// <summary>Jobs an action on a search works through at a time.</summary>
    private const int Batch = 1000;

    private readonly IJobStore _jobs;
    private readonly IJobAdminStore _admin;
    private readonly IScheduleStore _schedules;
    private readonly ILimitStore _limits;
    private readonly JobsOptions _options;
    private readonly JobControl? _control;
    private readonly JobSerializer _serializer;

    internal JobAdmin(IJobStore jobs, IJobAdminStore admin, IScheduleStore schedules, ILimitStore limits, JobsOptions options, JobControl? control)
    {
        _jobs = jobs;
        _admin = admin;
        _schedules = schedules;
        _limits = limits;
        _options = options;
        _control = control;
        _serializer = new JobSerializer(options.Json);
    }

    // Jobs.

    /// <summary>One page of the jobs <paramref name="search"/> finds (all jobs when null), newest first.</summary>
    public async Task<JobPage> SearchJobsAsync(JobSearch? search = null, CancellationToken cancellationToken = default)
    {
        search ??= new JobSearch();
        if (search.Limit is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(search), search.Limit, "A page holds 1 to 1000 jobs.");
        var jobs = await _admin.ListJobsAsync(Filter(search, search.After, search.Limit + 1), cancellationToken).ConfigureAwait(false);
        return jobs.Count > search.Limit ? new JobPage(jobs.Take(search.Limit).ToList(), jobs[search.Limit - 1].Id) : new JobPage(jobs, null);
    }

    /// <summary>A job with every attempt and its workflow relatives; null when there is no such job.</summary>
    public async Task<JobDetail?> GetJobAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var job = (await _jobs.GetJobsAsync([id], cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (job is null) return null;
        var attempts = await _jobs.GetAttemptsAsync(id, cancellationToken).ConfigureAwait(false);
        var relatives = job.RootId is null && job.GroupId is null && job.ParentId is null && job.ParentGroupId is null
            ? [] : await _admin.GetRelativesAsync(id, cancellationToken).ConfigureAwait(false);
        return new JobDetail(job, attempts, relatives);
    }

    /// <summary>Job counts per queue and state, by queue.</summary>
    public Task<IReadOnlyList<QueueStats>> CountJobsAsync(CancellationToken cancellationToken = default) => _admin.GetQueueStatsAsync(cancellationToken);

    /// <summary>Requeues the selected FAILURE and REVOKED jobs to run now with one more attempt (others are left alone); returns how many.</summary>
    public Task<int> RetryJobsAsync(JobSelection selection, CancellationToken cancellationToken = default)
        => ApplyAsync(selection, [JobState.Failure, JobState.Revoked], async (ids, ct) => (await _admin.RetryAsync(ids, ct).ConfigureAwait(false)).Count,
            cancellationToken);

    /// <summary>
    /// Revokes the selected unfinished jobs: waiting ones never run; running ones are cancelled (with
    /// <paramref name="terminate"/>, the process pool kills the process running them). Workers are told at once where
    /// remote control is on. <paramref name="reason"/> is recorded as the jobs' error (default "revoked", or
    /// "terminated"). Returns how many were revoked.
    /// </summary>
    public Task<int> RevokeJobsAsync(JobSelection selection, bool terminate = false, string? reason = null, CancellationToken cancellationToken = default)
        => ApplyAsync(selection, [JobState.Scheduled, JobState.Pending, JobState.Retry, JobState.Started], async (ids, ct) => _control is { } control
            ? (await control.RevokeAsync(ids, terminate, reason: reason, cancellationToken: ct).ConfigureAwait(false)).Revoked.Count
            : (await _jobs.RevokeAsync(ids, reason ?? (terminate ? "terminated" : "revoked"), terminate, ct).ConfigureAwait(false)).Count, cancellationToken);

    /// <summary>
    /// Celery's purge: deletes the waiting jobs (SCHEDULED, PENDING, RETRY) of <paramref name="queue"/> (every queue
    /// when null), or with <paramref name="finishedBefore"/> the finished jobs that finished before it, in one statement.
    /// Returns how many were deleted.
    /// </summary>
    public Task<int> PurgeAsync(string? queue = null, DateTimeOffset? finishedBefore = null, CancellationToken cancellationToken = default)
        => _admin.PurgeAsync(queue is null ? null : JobNames.ValidateQueue(queue, nameof(queue)), finishedBefore, cancellationToken);

    /// <summary>Deletes the selected jobs, with their history, except running ones (revoke those first); returns how many.</summary>
    public Task<int> DeleteJobsAsync(JobSelection selection, CancellationToken cancellationToken = default)
        => ApplyAsync(selection, null, async (ids, ct) => (await _admin.DeleteAsync(ids, ct).ConfigureAwait(false)).Count, cancellationToken);

    // Queues.

    /// <summary>Every queue with waiting or running jobs, or ever paused: paused or not, ready, scheduled and running jobs, the oldest wait.</summary>
    public Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(CancellationToken cancellationToken = default) => _admin.ListQueuesAsync(cancellationToken);

    /// <summary>Pauses a queue: no worker anywhere claims its jobs (running ones finish) until it is resumed. False when it was paused already.</summary>
    public Task<bool> PauseQueueAsync(string queue, CancellationToken cancellationToken = default)
        => _admin.PauseQueueAsync(JobNames.ValidateQueue(queue, nameof(queue)), cancellationToken);

    /// <summary>Resumes a paused queue; its workers are woken as by an enqueue. False when it was not paused.</summary>
    public Task<bool> ResumeQueueAsync(string queue, CancellationToken cancellationToken = default)
        => _admin.ResumeQueueAsync(JobNames.ValidateQueue(queue, nameof(queue)), cancellationToken);

    // Schedules.

    /// <summary>Every stored schedule, by name.</summary>
    public async Task<IReadOnlyList<ScheduleEntry>> ListSchedulesAsync(CancellationToken cancellationToken = default)
        => (await _schedules.ListSchedulesAsync(cancellationToken).ConfigureAwait(false)).Select(Entry).ToList();

    /// <summary>
    /// Adds a schedule, or updates the one of that name (a changed cron, interval or time zone restarts its timing).
    /// It fires wherever a beat runs. Returns the schedule as stored.
    /// </summary>
    public async Task<ScheduleEntry> AddScheduleAsync(string name, string task, object? args, Action<ScheduleOptions> configure,
        CancellationToken cancellationToken = default)
    {
        JobNames.ValidateSchedule(name, nameof(name));
        JobNames.ValidateTask(task, nameof(task));
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ScheduleOptions();
        configure(options);
        ScheduleSlots.Validate(options.Cron, options.Every, options.TimeZone);
        var definition = new DeclaredSchedule(name, task, args, options).ToDefinition(_options, _serializer);
        await _schedules.UpsertSchedulesAsync([definition], cancellationToken).ConfigureAwait(false);
        return (await ListSchedulesAsync(cancellationToken).ConfigureAwait(false)).Single(s => s.Name == name);
    }

    /// <summary>Deletes a schedule; false when there was none of that name. Any name is accepted here, so that a row with an invalid one (written by SQL) can be removed.</summary>
    public Task<bool> RemoveScheduleAsync(string name, CancellationToken cancellationToken = default)
        => _schedules.RemoveScheduleAsync(RequireName(name, nameof(name)), cancellationToken);

    /// <summary>Resumes a disabled schedule; false when there was none of that name.</summary>
    public Task<bool> EnableScheduleAsync(string name, CancellationToken cancellationToken = default)
        => _schedules.SetScheduleEnabledAsync(JobNames.ValidateSchedule(name, nameof(name)), true, cancellationToken);

    /// <summary>Stops a schedule firing until it is enabled again; false when there was none of that name. Any name is accepted here (see <see cref="RemoveScheduleAsync"/>).</summary>
    public Task<bool> DisableScheduleAsync(string name, CancellationToken cancellationToken = default)
        => _schedules.SetScheduleEnabledAsync(RequireName(name, nameof(name)), false, cancellationToken);

    /// <summary>Enqueues the job a schedule enqueues, now, leaving its timing alone; returns the job's id.</summary>
    public async Task<Guid> TriggerScheduleAsync(string name, CancellationToken cancellationToken = default)
    {
        JobNames.ValidateSchedule(name, nameof(name));
        var schedule = (await _schedules.ListSchedulesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Definition.Name == name)
            ?? throw new ArgumentException($"There is no schedule '{name}'.", nameof(name));
        var d = schedule.Definition;
        if (ScheduleRefusal.Why(d, _options.MaxPayloadBytes) is { } refused) throw new ArgumentException(refused, nameof(name));
        var job = new NewJob
        {
            Id = JobIds.Next(_options.TimeProvider),
            Task = d.Task,
            Queue = d.Queue,
            Priority = d.Priority,
            ArgsJson = d.ArgsJson,
            MaxAttempts = checked(_options.DefaultMaxRetries + 1),
            RetryBackoffMs = (int)Math.Min(int.MaxValue, _options.DefaultRetryBackoff.TotalMilliseconds),
            RetryBackoffMaxMs = (int)Math.Min(int.MaxValue, _options.DefaultRetryBackoffMax.TotalMilliseconds),
        };
        job = new Jobs.Payloads.PayloadEnvelope(_options.Payloads).Seal(job); // signed like a client's job
        return (await _jobs.EnqueueAsync([job], null, null, cancellationToken).ConfigureAwait(false))[0];
    }

    // Limits.

    /// <summary>Every stored limit (active or cleared) with its running jobs, by scope and name.</summary>
    public Task<IReadOnlyList<JobLimit>> ListLimitsAsync(CancellationToken cancellationToken = default) => _limits.ListLimitsAsync(cancellationToken);

    /// <summary>Sets the rate limit of a task or queue (<c>10/s</c>, <c>100/m</c>; a new rate starts with a full bucket), or clears it when <paramref name="rate"/> is null. False when clearing found none.</summary>
    public Task<bool> SetRateLimitAsync(LimitScope scope, string name, string? rate, double? burst = null, CancellationToken cancellationToken = default)
        => _limits.SetRateLimitAsync(scope, LimitName(scope, name), rate is null ? null : RateLimit.Parse(rate, burst), cancellationToken);

    /// <summary>Sets how many jobs of a task or queue run at once across all workers, or clears it when null. False when clearing found none.</summary>
    public Task<bool> SetConcurrencyLimitAsync(LimitScope scope, string name, int? maxRunning, CancellationToken cancellationToken = default)
    {
        if (maxRunning is < 1) throw new ArgumentOutOfRangeException(nameof(maxRunning), maxRunning, "A concurrency limit is at least 1.");
        return _limits.SetConcurrencyLimitAsync(scope, LimitName(scope, name), maxRunning, cancellationToken);
    }

    // Workers.

    /// <summary>Workers from the workers table, by name (stopped ones too when <paramref name="includeStopped"/>); empty when the store keeps no monitoring tables.</summary>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(bool includeStopped = false, CancellationToken cancellationToken = default)
        => _control?.ListWorkersAsync(includeStopped, cancellationToken) ?? Task.FromResult<IReadOnlyList<WorkerInfo>>([]);

    /// <summary>Runs <paramref name="act"/> on the selected ids, a batch at a time; a search is worked through newest first by id (keyset), in the given states.</summary>
    private async Task<int> ApplyAsync(JobSelection selection, string[]? states, Func<IReadOnlyList<Guid>, CancellationToken, Task<int>> act, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var total = 0;
        if (selection.Ids is { } ids)
        {
            foreach (var chunk in ids.Distinct().Chunk(Batch)) total += await act(chunk, ct).ConfigureAwait(false);
            return total;
        }
        var search = selection.Search!;
        if (states is not null) search = search with { States = search.States is { } s ? [.. s.Intersect(states)] : states };
        if (search.States is { Count: 0 }) return 0;
        Guid? after = null;
        while (true)
        {
            var page = await _admin.ListJobsAsync(Filter(search, after, Batch), ct).ConfigureAwait(false);
            if (page.Count == 0) return total;
            total += await act(page.Select(j => j.Id).ToList(), ct).ConfigureAwait(false);
            if (page.Count < Batch) return total;
            after = page[^1].Id;
        }
    }

    private static JobFilter Filter(JobSearch search, Guid? after, int limit)
    {
        var before = search.CreatedTo is { } to ? JobIds.Floor(to) : JobIds.Max;
        if (after is { } a && string.CompareOrdinal(a.ToString(), before.ToString()) < 0) before = a;
        return new JobFilter(Queue: search.Queue, Task: search.Task, Limit: limit)
        {
            States = search.States,
            IdFrom = search.CreatedFrom is { } from ? JobIds.Floor(from) : Guid.Empty,
            IdBefore = before,
            ArgPath = search.ArgPath is { } path ? path.Split('.') is var names && names.All(n => n.Length > 0) ? names
                : throw new ArgumentException($"'{path}' is not an argument path (names separated by dots).", nameof(search)) : null,
            ArgValueJson = search.ArgPath is null ? null : JsonSerializer.Serialize(search.ArgValue),
        };
    }

    private static ScheduleEntry Entry(ScheduleInfo s) => new()
    {
        Name = s.Definition.Name,
        Task = s.Definition.Task,
        Args = s.Definition.ArgsJson,
        Queue = s.Definition.Queue,
        Priority = s.Definition.Priority,
        Cron = s.Definition.Cron,
        Every = s.Definition.EveryMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        TimeZone = s.Definition.TimeZone,
        CatchUp = s.Definition.CatchUp == ScheduleDefinition.Skip ? MissedSlots.Skip : MissedSlots.RunOnce,
        Enabled = s.Enabled,
        NextRunAt = s.NextRunAt,
        LastRunAt = s.LastRunAt,
        LastJobId = s.LastJobId,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    private static string LimitName(LimitScope scope, string name)
        => scope == LimitScope.Task ? JobNames.ValidateTask(name, nameof(name)) : JobNames.ValidateQueue(name, nameof(name));

    private static string RequireName(string value, string parameter)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException("A name is required.", parameter);
        return value;
    }
}
