using System.Collections.Concurrent;
using System.Text.Json;

namespace Jobs.Conformance;

public sealed record ThrowArgs(string Kind);

/// <summary>A subclass, to show that retry-for matches subclasses of a listed type.</summary>
public sealed class SlowServiceException(string message) : TimeoutException(message);

/// <summary>Tasks of the retry policy, attempt history and unique job tests; registered next to <see cref="TestTasks"/>.</summary>
public sealed class PolicyTasks
{
    public ConcurrentQueue<(Guid Id, int Attempt)> Runs { get; } = new();

    public void Register(JobsOptions o)
    {
        // Retried only for TimeoutException (and subclasses); anything else fails at once.
        o.AddTask<ThrowArgs, string>("policy.retry_for", (a, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            if (ctx.Attempt >= 3) return Task.FromResult("done");
            throw a.Kind switch
            {
                "timeout" => new TimeoutException($"timeout {ctx.Attempt}"),
                "slow" => new SlowServiceException($"slow {ctx.Attempt}"),
                _ => new InvalidOperationException($"invalid {ctx.Attempt}"),
            };
        }, t => { t.RetryFor = [typeof(TimeoutException)]; t.RetryCountdown = TimeSpan.FromMilliseconds(20); t.MaxRetries = 5; });

        // Retries itself with a countdown of the milliseconds it is given, on its first attempt only.
        o.AddTask<int, int>("policy.retry_once", (ms, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            if (ctx.Attempt == 1) ctx.Retry(TimeSpan.FromMilliseconds(ms));
            return Task.FromResult(ctx.Attempt);
        });

        // Always retries itself; with a reason when asked to.
        o.AddTask<ThrowArgs, int>("policy.retry_always", (a, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            throw ctx.Retry(TimeSpan.FromMilliseconds(10), a.Kind == "reason" ? new TimeoutException("upstream gone") : null);
        });

        // Task defaults: one retry with a fixed countdown.
        o.AddTask<JsonElement, int>("policy.task_defaults", (_, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            throw new InvalidOperationException($"attempt {ctx.Attempt}");
        }, t => { t.MaxRetries = 1; t.RetryCountdown = TimeSpan.FromMilliseconds(30); });

        // Unique by default for the task (waiting and running jobs count).
        o.AddTask<JsonElement, int>("policy.unique", (_, ctx) => Task.FromResult(ctx.Attempt),
            t => t.Unique = new UniqueOptions());
    }
}
