using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Worker;

/// <summary>
/// Runs one claimed attempt in its own DI scope and turns what happened into an outcome. Error texts lose NUL
/// characters (no database should have to refuse an error message).
/// </summary>
internal sealed class JobRunner(JobsOptions options, IServiceScopeFactory scopes, string worker, bool retryJitter)
{
    private readonly JobSerializer _serializer = new(options.Json);

    /// <summary>Returns the outcome, or null when the attempt was cancelled by the worker (lease lost, or shutdown).</summary>
    public async Task<JobOutcome?> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        if (!options.Tasks.TryGet(job.Task, out var handler))
            return Fail(job, "NotRegistered",
                $"Task '{job.Task}' is not registered on worker {worker} (registered: {string.Join(", ", options.Tasks.Names)}).", null);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var context = new JobContext(job.Id, job.Task, job.Queue, job.Attempt, job.MaxAttempts, worker, scope.ServiceProvider, ct);
            var result = await handler.InvokeAsync(job.ArgsJson, context, _serializer).ConfigureAwait(false);
            return new JobOutcome { Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Success, ResultJson = result };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (JobArgumentsException ex)
        {
            return Fail(job, nameof(JobArgumentsException), ex.Message, ex.ToString());
        }
        catch (Exception ex)
        {
            var error = OutcomeText.StripNul($"{ex.GetType().Name}: {ex.Message}");
            if (job.Attempt < job.MaxAttempts)
                return new JobOutcome
                {
                    Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Retry, Error = error, Traceback = OutcomeText.StripNul(ex.ToString()),
                    RetryDelay = RetryBackoff.Compute(job.Attempt, job.RetryBackoffMs, job.RetryBackoffMaxMs, retryJitter),
                };
            return Fail(job, ex.GetType().Name, ex.Message, ex.ToString());
        }
    }

    private static JobOutcome Fail(ClaimedJob job, string type, string message, string? traceback) => new()
    {
        Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Failure,
        Error = OutcomeText.StripNul($"{type}: {message}"), Traceback = OutcomeText.StripNul(traceback),
    };
}
