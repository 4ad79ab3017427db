namespace Jobs;

/// <summary>Celery-style shorthands: <c>signature.ApplyAsync(client)</c>, <c>client.DelayAsync(task, args)</c>.</summary>
public static class CanvasExtensions
{
    /// <summary>Enqueues <paramref name="task"/> with <paramref name="args"/> (Celery's <c>task.delay(args)</c>).</summary>
    public static Task<AsyncResult> DelayAsync(this IJobClient client, string task, object? args = null, CancellationToken cancellationToken = default)
        => client.EnqueueAsync(task, args, null, cancellationToken);

    /// <summary>Applies one signature (with its links and errbacks) and returns its job.</summary>
    public static async Task<AsyncResult> ApplyAsync(this Signature signature, IJobClient client, CancellationToken cancellationToken = default)
        => (await client.ApplyAsync(signature, cancellationToken).ConfigureAwait(false)).Result!;

    /// <summary>Applies a group and returns its members' results.</summary>
    public static async Task<GroupResult> ApplyAsync(this Group group, IJobClient client, CancellationToken cancellationToken = default)
        => (await client.ApplyAsync(group, cancellationToken).ConfigureAwait(false)).Group!;

    /// <summary>Applies a chain; its result is its last step's (or last group's).</summary>
    public static Task<WorkflowResult> ApplyAsync(this Chain chain, IJobClient client, CancellationToken cancellationToken = default)
        => client.ApplyAsync(chain, cancellationToken);

    /// <summary>Applies a chord; its result is its callback's.</summary>
    public static Task<WorkflowResult> ApplyAsync(this Chord chord, IJobClient client, CancellationToken cancellationToken = default)
        => client.ApplyAsync(chord, cancellationToken);
}
