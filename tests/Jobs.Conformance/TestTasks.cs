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

    public void Register(JobsOptions o)
    {
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
}
