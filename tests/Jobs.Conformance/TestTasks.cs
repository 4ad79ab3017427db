using System.Collections.Concurrent;
using System.Text.Json;

namespace Jobs.Conformance;

public sealed record EchoArgs(int I, string? Text = null);
public sealed record FlakyArgs(int SucceedOnAttempt);

/// <summary>Tasks the conformance suite runs, with observable side effects.</summary>
public sealed class TestTasks
{
    public ConcurrentQueue<(Guid Id, int Attempt)> Runs { get; } = new();
    public ConcurrentQueue<int> Order { get; } = new();
    /// <summary>Completed when a <c>test.block</c> job starts; the job then waits for <see cref="Unblock"/> or cancellation.</summary>
    public TaskCompletionSource<Guid> BlockStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public TaskCompletionSource Unblock { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<Guid> Cancelled { get; } = new();
    /// <summary>Completed when a <c>test.block</c> job is cancelled.</summary>
    public TaskCompletionSource<Guid> BlockCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Never completed by the suite until a test lets the <c>test.limit.ignore</c>/<c>test.limit.block</c> jobs go.</summary>
    public TaskCompletionSource Never { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Completed when a <c>test.limit.ignore</c> or <c>test.limit.block</c> job returns after being let go.</summary>
    public TaskCompletionSource<Guid> IgnoringReturned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Register(JobsOptions o)
    {
        RegisterTimeLimitTasks(o);
        o.AddTask<EchoArgs, EchoArgs>("test.echo", (a, ctx) => { Runs.Enqueue((ctx.Id, ctx.Attempt)); Order.Enqueue(a.I); return Task.FromResult(a); });
        o.AddTask<EchoArgs, int>("test.fail", (a, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            throw new InvalidOperationException($"boom {a.I}");
        });
        o.AddTask<FlakyArgs, int>("test.flaky", (a, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            if (ctx.Attempt < a.SucceedOnAttempt) throw new TimeoutException($"flaky attempt {ctx.Attempt}");
            return Task.FromResult(ctx.Attempt);
        });
        o.AddTask<JsonElement, string>("test.block", async (_, ctx) =>
        {
            Runs.Enqueue((ctx.Id, ctx.Attempt));
            BlockStarted.TrySetResult(ctx.Id);
            try { await Unblock.Task.WaitAsync(ctx.CancellationToken); }
            catch (OperationCanceledException) { Cancelled.Enqueue(ctx.Id); BlockCancelled.TrySetResult(ctx.Id); throw; }
            return "unblocked";
        });
    }

    /// <summary>Tasks for time limits; <c>test.limit.default</c> defaults to soft 300 ms / hard 20 s (far enough not to overtake the soft limit), <c>test.limit.report</c> to soft 5 s / hard 10 s.</summary>
    private void RegisterTimeLimitTasks(JobsOptions o)
    {
        // Honours the token: ends when the soft limit cancels it.
        o.AddTask<JsonElement, string>("test.limit.honour", async (_, ctx) => { await Task.Delay(Timeout.Infinite, ctx.CancellationToken); return "never"; });
        o.AddTask<JsonElement, string>("test.limit.default", async (_, ctx) => { await Task.Delay(Timeout.Infinite, ctx.CancellationToken); return "never"; },
            t => { t.SoftTimeLimit = TimeSpan.FromMilliseconds(300); t.TimeLimit = TimeSpan.FromSeconds(20); });
        // Catches the soft limit, cleans up and returns normally.
        o.AddTask<JsonElement, string>("test.limit.catch", async (_, ctx) =>
        {
            try { await Task.Delay(Timeout.Infinite, ctx.CancellationToken); }
            catch (OperationCanceledException)
            {
                try { ctx.ThrowIfSoftTimeLimitExceeded(); }
                catch (SoftTimeLimitExceededException) { return "cleaned up"; }
                throw;
            }
            return "never";
        });
        // Ignores cancellation: waits for Never without the token.
        o.AddTask<JsonElement, string>("test.limit.ignore", async (_, ctx) =>
        {
            try { await Never.Task; return "too late"; }
            finally { IgnoringReturned.TrySetResult(ctx.Id); }
        });
        // Blocks its thread (no await at all) until Never completes.
        o.AddTask<JsonElement, string>("test.limit.block", (_, ctx) =>
        {
            try { Never.Task.Wait(); return Task.FromResult("too late"); }
            finally { IgnoringReturned.TrySetResult(ctx.Id); }
        });
        // Reports the limits it was given, in milliseconds.
        o.AddTask<JsonElement, double?>("test.limit.report", (_, ctx) => Task.FromResult(ctx.SoftTimeLimit?.TotalMilliseconds),
            t => { t.SoftTimeLimit = TimeSpan.FromSeconds(5); t.TimeLimit = TimeSpan.FromSeconds(10); });
        o.AddTask<JsonElement, double?>("test.limit.report_plain", (_, ctx) => Task.FromResult(ctx.SoftTimeLimit?.TotalMilliseconds));
    }
}
