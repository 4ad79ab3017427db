using System.Data.Common;
using System.Diagnostics;
using Jobs.Monitoring;
using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs;

/// <summary>
/// The client: validates and builds jobs, inserts them, and tells whoever watches (the enqueue span whose trace context
/// is stored with each job, the publish signals, the task-sent event, the enqueued counter).
/// </summary>
internal sealed class JobClient(IJobStore store, JobsOptions options, ResultWaiter waiter, JobEventHub events, ILogger log) : IJobClient
{
    private readonly JobSerializer _serializer = new(options.Json);
    private readonly Payloads.PayloadEnvelope _envelope = new(options.Payloads);

    public Task<AsyncResult> EnqueueAsync(string task, object? args = null, EnqueueOptions? opts = null, CancellationToken ct = default)
        => EnqueueOneAsync(task, args, opts, null, null, ct);

    public Task<AsyncResult> EnqueueAsync(DbTransaction transaction, string task, object? args = null, EnqueueOptions? opts = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return EnqueueOneAsync(task, args, opts, ConnectionOf(transaction), transaction, ct);
    }

    public Task<AsyncResult> EnqueueAsync(DbConnection connection, string task, object? args = null, EnqueueOptions? opts = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return EnqueueOneAsync(task, args, opts, connection, null, ct);
    }

    public Task<IReadOnlyList<AsyncResult>> EnqueueManyAsync(IEnumerable<JobRequest> jobs, CancellationToken ct = default)
        => EnqueueBatchAsync(jobs, null, null, ct);

    public Task<IReadOnlyList<AsyncResult>> EnqueueManyAsync(DbTransaction transaction, IEnumerable<JobRequest> jobs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return EnqueueBatchAsync(jobs, ConnectionOf(transaction), transaction, ct);
    }

    public Task<WorkflowResult> ApplyAsync(Canvas canvas, CancellationToken ct = default) => ApplyWorkflowAsync(canvas, null, ct);

    public Task<WorkflowResult> ApplyAsync(Canvas canvas, object? input, CancellationToken ct = default)
        => ApplyWorkflowAsync(canvas, _serializer.SerializeArgs("(workflow input)", input), ct);

    private async Task<WorkflowResult> ApplyWorkflowAsync(Canvas canvas, string? input, CancellationToken ct)
    {
        using var activity = JobsTelemetry.StartEnqueue("workflow");
        var (plan, end) = new WorkflowPlanner(Build, input).Plan(canvas);
        // A workflow step's result is also written as JSON for SQL to feed the next step: it cannot be kept secret.
        if (plan.Jobs.FirstOrDefault(x => x.Job.Encrypt) is { } secret)
            throw new ArgumentException($"Task '{secret.Job.Task}' is encrypted, and workflow steps cannot be: their results feed the next step as JSON. Enqueue it on its own.", nameof(canvas));
        plan = plan with { Jobs = plan.Jobs.Select(x => x with { Job = _envelope.Seal(x.Job) }).ToList() };
        var jobs = plan.Jobs.Select(x => x.Job).ToList();
        PayloadLimits.CheckArgs(options, jobs); // after the workflow's input was fed in
        var sentAt = BeforePublish(jobs);
        await store.ApplyWorkflowAsync(plan, ct).ConfigureAwait(false);
        Published(jobs, jobs.Select(j => j.Id).ToList(), sentAt);
        var group = end.Group is { } g ? new GroupResult(g, end.Members.Select(GetResult).ToList(), store, _serializer) : null;
        return new WorkflowResult(plan.RootId, end.Job is { } j ? GetResult(j) : null, group, plan.Jobs.Select(x => x.Job.Id).ToList(), store);
    }

    public AsyncResult GetResult(Guid id) => new(id, store, waiter, _serializer);

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
        => store.GetJobsAsync(ids as IReadOnlyList<Guid> ?? ids.ToList(), ct);

    private async Task<AsyncResult> EnqueueOneAsync(string task, object? args, EnqueueOptions? opts, DbConnection? connection, DbTransaction? tx, CancellationToken ct)
    {
        using var activity = JobsTelemetry.StartEnqueue(task);
        NewJob[] job = [_envelope.Seal(Build(task, args, opts))];
        activity?.SetTag("messaging.destination.name", job[0].Queue);
        activity?.SetTag("messaging.message.id", job[0].Id.ToString());
        var sentAt = BeforePublish(job);
        var ids = await store.EnqueueAsync(job, connection, tx, ct).ConfigureAwait(false);
        Published(job, ids, sentAt);
        return GetResult(ids[0]);
    }

    private async Task<IReadOnlyList<AsyncResult>> EnqueueBatchAsync(IEnumerable<JobRequest> requests, DbConnection? connection, DbTransaction? tx, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(requests);
        using var activity = JobsTelemetry.StartEnqueue("batch");
        var jobs = requests.Select(r => _envelope.Seal(Build(r.Task, r.Args, r.Options))).ToList();
        if (jobs.Count == 0) return [];
        var sentAt = BeforePublish(jobs);
        var ids = await store.EnqueueAsync(jobs, connection, tx, ct).ConfigureAwait(false);
        Published(jobs, ids, sentAt);
        return ids.Select(GetResult).ToList();
    }

    /// <summary>Raises before-publish; returns the time the jobs are sent (task-sent's timestamp: before a worker can receive them).</summary>
    private DateTimeOffset BeforePublish(IReadOnlyList<NewJob> jobs)
    {
        if (options.Signals.HasPublishHandlers)
            foreach (var j in jobs) options.Signals.RaiseBeforePublish(new PublishSignal(j.Id, j.Task, j.Queue, j.ArgsJson, j.RunAt), log);
        return options.TimeProvider.GetUtcNow();
    }

    /// <summary>After the insert: signals, counter and task-sent events for the jobs inserted (a unique job's holder id means it was not).</summary>
    private void Published(IReadOnlyList<NewJob> jobs, IReadOnlyList<Guid> ids, DateTimeOffset now)
    {
        var signals = options.Signals.HasPublishHandlers;
        var count = JobsTelemetry.Enqueued.Enabled;
        var sent = events.Wants(options.Monitoring.SendTaskSentEvents);
        if (!signals && !count && !sent) return;
        for (var i = 0; i < jobs.Count; i++)
        {
            var j = jobs[i];
            if (ids[i] != j.Id) continue;
            if (signals) options.Signals.RaiseAfterPublish(new PublishSignal(j.Id, j.Task, j.Queue, j.ArgsJson, j.RunAt), log);
            if (count) JobsTelemetry.Enqueued.Add(1, new("task", j.Task), new("queue", j.Queue));
            if (sent)
                events.Publish(new JobEvent
                {
                    Type = JobEventTypes.TaskSent, Timestamp = now, JobId = j.Id, Task = j.Task, Queue = j.Queue, Args = j.ArgsJson,
                    Eta = j.RunAt ?? (j.Delay > TimeSpan.Zero ? now + j.Delay : null),
                    Expires = j.ExpiresAt ?? (j.ExpiresIn is { } e ? now + e : null),
                }, options.Monitoring.SendTaskSentEvents);
        }
    }

    private NewJob Build(string task, object? args, EnqueueOptions? o)
    {
        JobNames.ValidateTask(task, nameof(task));
        if (!options.Tasks.IsKnown(task))
        {
            var known = string.Join(", ", options.Tasks.Names);
            throw new UnknownTaskException(
                $"Unknown task '{task}'. Registered tasks: {(known.Length == 0 ? "(none)" : known)}. " +
                "Register it with AddTask, or declare it with AddRemoteTask if another process runs it.");
        }
        o ??= DefaultOptions;
        if (o.Countdown is { } cd && cd < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.Countdown), cd, $"Countdown for task '{task}' must not be negative.");
        if (o.Countdown is not null && o.Eta is not null) throw new ArgumentException($"Give either Countdown or Eta for task '{task}', not both.");
        if (o.Expires is { } ex && ex <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.Expires), ex, $"Expires for task '{task}' must be positive.");
        if (o.Expires is not null && o.ExpiresAt is not null) throw new ArgumentException($"Give either Expires or ExpiresAt for task '{task}', not both.");
        RetryRules.Validate(o.MaxRetries, o.RetryBackoff, o.RetryBackoffMax, o.RetryCountdown, $"task '{task}'");
        if (o.RetryFor is { } names && names.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"RetryFor of task '{task}' must not hold empty names.");
        if (o.Unique is { } ju) RetryRules.ValidateUnique(ju, $"task '{task}'");
        var policy = options.Tasks.TryGet(task, out var handler) ? handler.Policy : TaskPolicy.None;
        TimeLimits.Validate(o.SoftTimeLimit, o.TimeLimit, $"task '{task}'");
        var queue = o.Queue ?? options.DefaultQueue;
        JobNames.ValidateQueue(queue, nameof(o.Queue));
        var (backoff, backoffMax) = RetryRules.Backoff(o, policy, options);
        if (backoff < TimeSpan.Zero || backoffMax < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o.RetryBackoff), $"Retry backoff for task '{task}' must not be negative.");
        var argsJson = _serializer.SerializeArgs(task, args);
        PayloadLimits.CheckArgs(options, task, argsJson);
        var unique = o.Unique ?? policy.Unique;

        return new NewJob
        {
            Id = o.Id ?? JobIds.Next(),
            CallerChoseId = o.Id is not null,
            Task = task,
            Queue = queue,
            Priority = o.Priority ?? 0,
            ArgsJson = argsJson,
            RunAt = o.Eta,
            Delay = o.Countdown ?? TimeSpan.Zero,
            ExpiresAt = o.ExpiresAt,
            ExpiresIn = o.Expires,
            MaxAttempts = checked((o.MaxRetries ?? policy.MaxRetries ?? options.DefaultMaxRetries) + 1),
            RetryBackoffMs = (int)Math.Min(int.MaxValue, backoff.TotalMilliseconds),
            RetryBackoffMaxMs = (int)Math.Min(int.MaxValue, backoffMax.TotalMilliseconds),
            SoftTimeLimitMs = TimeLimits.ToMs(o.SoftTimeLimit),
            TimeLimitMs = TimeLimits.ToMs(o.TimeLimit),
            RetryFor = o.RetryFor?.ToArray(),
            TraceParent = Activity.Current?.Id,
            Format = Payloads.PayloadFormat.Resolve(o.Codec, o.Compression, policy.Codec, policy.Compression, options.Payloads),
            Encrypt = o.Encrypt ?? policy.Encrypt ?? false,
            Unique = unique is null ? null : new NewJobUnique(UniqueKey.For(task, argsJson, unique), unique.Period, UniqueKey.StateNames(unique.States)),
        };
    }

    private static readonly EnqueueOptions DefaultOptions = new();

    // ADO.NET providers drop a transaction's connection once it commits or rolls back; enqueueing then would
    // silently autocommit outside the caller's transaction.
    private static DbConnection ConnectionOf(DbTransaction transaction) => transaction.Connection
        ?? throw new InvalidOperationException("The transaction to enqueue in has already been committed or rolled back.");
}
