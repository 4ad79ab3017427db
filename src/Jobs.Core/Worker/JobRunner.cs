using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jobs.Worker;

/// <summary>
/// Runs one claimed attempt in its own DI scope and turns what happened into an outcome. Error texts lose NUL
/// characters (no database should have to refuse an error message). Time limits (job &gt; task &gt; worker): the
/// soft one cancels the job token, and a failure after it is FAILURE "SoftTimeLimitExceeded"; at the hard one
/// the runner stops waiting and records FAILURE "TimeLimitExceeded". Neither is retried. Other exceptions are retried
/// while attempts remain and <see cref="RetryRules.IsRetryable"/> allows (the job's retry-for names, else the task's
/// types); <see cref="JobRetryException"/> (<see cref="JobContext.Retry"/>) always retries, after its own countdown.
/// </summary>
internal sealed class JobRunner(JobsOptions options, IServiceScopeFactory scopes, string worker, bool retryJitter,
    TimeLimits workerLimits = default, bool dedicatedThread = false, ILogger? log = null, IAttemptObserver? observer = null)
{
    private readonly JobSerializer _serializer = new(options.Json);
    private readonly Jobs.Payloads.PayloadEnvelope _envelope = new(options.Payloads);
    private readonly ILogger _log = log ?? NullLogger.Instance;

    /// <summary>Returns the outcome, or null when the attempt was cancelled by the worker (lease lost, or shutdown).</summary>
    public async Task<JobOutcome?> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        using var activity = JobsTelemetry.StartRun(job, worker);
        var started = options.TimeProvider.GetTimestamp();
        var attempt = new AttemptWatch();
        var outcome = await RunCoreAsync(job, attempt, ct).ConfigureAwait(false);
        if (outcome is not null) Report(job, outcome, attempt, options.TimeProvider.GetElapsedTime(started), activity);
        return outcome;
    }

    /// <summary>What the signals need to know of an attempt: its context, once created, and the exception it ended with.</summary>
    private sealed class AttemptWatch
    {
        public JobContext? Context;
        public Exception? Exception;
    }

    /// <summary>Metrics, the span's status, and the outcome signals (success, failure or retry, then postrun).</summary>
    private void Report(ClaimedJob job, JobOutcome outcome, AttemptWatch attempt, TimeSpan runtime, System.Diagnostics.Activity? activity)
    {
        var state = outcome.Kind switch { OutcomeKind.Success => JobState.Success, OutcomeKind.Retry => JobState.Retry, _ => JobState.Failure };
        if (JobsTelemetry.Completed.Enabled)
            JobsTelemetry.Completed.Add(1, new("task", job.Task), new("queue", job.Queue), new("state", state));
        if (JobsTelemetry.RunDuration.Enabled)
            JobsTelemetry.RunDuration.Record(runtime.TotalSeconds, new("task", job.Task), new("queue", job.Queue), new("state", state));
        if (activity is not null)
        {
            activity.SetTag("jobs.state", state);
            if (outcome.Kind != OutcomeKind.Success) activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome.Error);
        }
        if (attempt.Context is not { } context || !options.Signals.HasTaskHandlers) return;
        var signal = new TaskSignal(context, state, outcome.ResultJson, attempt.Exception, outcome.Error);
        if (outcome.Kind == OutcomeKind.Success) options.Signals.RaiseSuccess(signal, _log);
        else if (outcome.Kind == OutcomeKind.Retry) options.Signals.RaiseRetry(signal, _log);
        else options.Signals.RaiseFailure(signal, _log);
        options.Signals.RaisePostrun(signal, _log);
    }

    private async Task<JobOutcome?> RunCoreAsync(ClaimedJob job, AttemptWatch watch, CancellationToken ct)
    {
        // The envelope is opened before anything else: a payload that cannot be verified, decrypted or decoded is a
        // FAILURE with the reason ("SignatureInvalid: ...", "PayloadInvalid: ..."), never retried, its handler never called.
        try
        {
            job = Open(job);
        }
        catch (Exception ex) when (ex is Jobs.Payloads.PayloadException or System.Text.Json.JsonException)
        {
            watch.Exception = ex;
            _log.LogWarning("Job {Id} ({Task}) refused before it ran: {Reason}", job.Id, job.Task, ex.Message);
            return Fail(job, ex is Jobs.Payloads.PayloadException ? ex.Message : $"PayloadInvalid: {ex.Message}", null);
        }
        if (!options.Tasks.TryGet(job.Task, out var handler))
            return Fail(job, "NotRegistered",
                $"Task '{job.Task}' is not registered on worker {worker} (registered: {string.Join(", ", options.Tasks.Names)}).", null);
        var limits = TimeLimits.Resolve(job.SoftTimeLimitMs, job.TimeLimitMs, handler.Limits, workerLimits);
        observer?.OnStarted(job, limits.Hard);
        AttemptScope? attempt = null;
        JobContext? context = null;
        try
        {
            attempt = new AttemptScope(scopes.CreateAsyncScope(), limits.Soft, options.TimeProvider, ct);
            context = new JobContext(job.Id, job.Task, job.Queue, job.Attempt, job.MaxAttempts, worker, attempt.Scope.ServiceProvider,
                attempt.Token, attempt.SoftLimitToken, limits.Soft);
            watch.Context = context;
            if (options.Signals.HasTaskHandlers) options.Signals.RaisePrerun(new TaskSignal(context), _log);
            var run = Start(handler, job, context, offload: limits.Hard is not null);
            if (limits.Hard is { } hard && !await FinishesWithinAsync(run, hard).ConfigureAwait(false))
            {
                attempt.CancelAbandoned();
                attempt.DisposeAfter(run);
                attempt = null;
                if (ct.IsCancellationRequested) return null; // the worker gave the attempt up already: it is released, not failed
                _log.LogWarning("Job {Id} ({Task}) exceeded its time limit of {Limit} on worker {Worker}; its result will be discarded.",
                    job.Id, job.Task, hard, worker);
                return Fail(job, "TimeLimitExceeded", $"job exceeded its time limit of {TimeLimits.Seconds(hard)}", null);
            }
            var result = await run.ConfigureAwait(false);
            if (PayloadLimits.ResultError(options, result) is { } tooLarge) return Fail(job, PayloadLimits.ResultTooLarge, tooLarge, null);
            if (job.Payload is null && job.Signature is null && options.Payloads.ResultSigner is null)
                return new JobOutcome { Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Success, ResultJson = result, Standalone = job.Standalone };
            var (json, payload, signature) = _envelope.SealResult(job, result);
            return new JobOutcome
            {
                Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Success, ResultJson = json, ResultPayload = payload, ResultSignature = signature,
                Standalone = job.Standalone,
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (JobArgumentsException ex)
        {
            watch.Exception = ex;
            return Fail(job, nameof(JobArgumentsException), ex.Message, ex.ToString());
        }
        catch (JobRetryException ex)
        {
            watch.Exception = ex.Reason ?? ex;
            var reason = ex.Reason;
            if (job.Attempt < job.MaxAttempts)
                return Retry(job, reason is null ? $"Retry: {ex.Message}" : $"{reason.GetType().Name}: {reason.Message}", (reason ?? ex).ToString(),
                    ex.Countdown ?? Backoff(job, handler));
            return reason is null
                ? Fail(job, "MaxRetriesExceeded", $"retry requested after attempt {job.Attempt} of {job.MaxAttempts}", ex.ToString())
                : Fail(job, reason.GetType().Name, reason.Message, reason.ToString());
        }
        catch (Exception ex) when (context is { SoftTimeLimitExceeded: true })
        {
            watch.Exception = ex;
            return Fail(job, "SoftTimeLimitExceeded", $"job exceeded its soft time limit of {TimeLimits.Seconds(limits.Soft!.Value)}", ex.ToString());
        }
        catch (Exception ex)
        {
            watch.Exception = ex;
            if (job.Attempt < job.MaxAttempts && RetryRules.IsRetryable(ex, job.RetryFor, handler.Policy.RetryFor))
                return Retry(job, $"{ex.GetType().Name}: {ex.Message}", ex.ToString(), Backoff(job, handler));
            return Fail(job, ex.GetType().Name, ex.Message, ex.ToString());
        }
        finally
        {
            if (attempt is not null) await attempt.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The job with its arguments as JSON: the payload opened, and the workflow input fed to it.</summary>
    private ClaimedJob Open(ClaimedJob job)
    {
        if (job.Payload is null && job.ArgsJson is not null && job.WorkflowInput is null && job.Signature is null && options.Payloads.Verifier is null) return job;
        var args = _envelope.Open(job);
        if (job.WorkflowInput is { } input) args = CallJson.Feed(args, immutable: false, input);
        return job with { ArgsJson = args };
    }

    /// <summary>
    /// Calls the task: the threads pool starts it on a dedicated thread (a blocking or CPU-bound handler then holds
    /// that thread, not one of the shared pool's); with a hard limit the others start it on the shared pool, so that
    /// even code that blocks before its first await cannot hold the runner past the limit.
    /// </summary>
    private Task<string> Start(TaskHandler handler, ClaimedJob job, JobContext context, bool offload)
    {
        if (dedicatedThread)
            return Task.Factory.StartNew(() => Invoke(handler, job, context),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        return offload ? Task.Run(() => Invoke(handler, job, context)) : Invoke(handler, job, context);
    }

    /// <summary>Calls the task, inside the middleware (first registered outermost) when there is any.</summary>
    private Task<string> Invoke(TaskHandler handler, ClaimedJob job, JobContext context)
        => options.Middleware.Count == 0 ? handler.InvokeAsync(job.ArgsJson!, context, _serializer) : InvokeThroughMiddlewareAsync(handler, job, context);

    private async Task<string> InvokeThroughMiddlewareAsync(TaskHandler handler, ClaimedJob job, JobContext context)
    {
        string? result = null;
        Func<Task> next = async () => result = await handler.InvokeAsync(job.ArgsJson!, context, _serializer).ConfigureAwait(false);
        for (var i = options.Middleware.Count - 1; i >= 0; i--)
        {
            var middleware = (IJobMiddleware)ActivatorUtilities.GetServiceOrCreateInstance(context.Services, options.Middleware[i]);
            var inner = next;
            next = () => middleware.InvokeAsync(context, inner);
        }
        await next().ConfigureAwait(false);
        return result ?? "null"; // a middleware that skipped the task: no result
    }

    private async Task<bool> FinishesWithinAsync(Task run, TimeSpan limit)
    {
        using var stop = new CancellationTokenSource();
        var timer = Task.Delay(limit, options.TimeProvider, stop.Token);
        var first = await Task.WhenAny(run, timer).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        return first == run;
    }

    private TimeSpan Backoff(ClaimedJob job, TaskHandler handler)
        => RetryBackoff.Compute(job.Attempt, job.RetryBackoffMs, job.RetryBackoffMaxMs, handler.Policy.RetryJitter ?? retryJitter);

    private static JobOutcome Retry(ClaimedJob job, string error, string traceback, TimeSpan delay) => new()
    {
        Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Retry, Standalone = job.Standalone,
        Error = OutcomeText.StripNul(error), Traceback = OutcomeText.StripNul(traceback), RetryDelay = delay,
    };

    private static JobOutcome Fail(ClaimedJob job, string type, string message, string? traceback) => Fail(job, $"{type}: {message}", traceback);

    private static JobOutcome Fail(ClaimedJob job, string error, string? traceback) => new()
    {
        Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Failure, Standalone = job.Standalone,
        Error = OutcomeText.StripNul(error), Traceback = OutcomeText.StripNul(traceback),
    };
}
