namespace Jobs;

/// <summary>
/// One task call: name, arguments and options (Celery's signature). Arguments are serialized when the workflow is
/// applied (a string is taken as ready-made JSON). In a chain, a step's arguments are replaced by the previous step's
/// result (the result JSON becomes the arguments JSON as a whole) unless the step is <see cref="Immutable"/>; the
/// arguments given here are then only used by the first step.
/// </summary>
/// <param name="Task">A registered task name (or one declared with <c>AddRemoteTask</c>).</param>
/// <param name="Args">The arguments (JSON-serializable); null is <c>{}</c>.</param>
/// <param name="Options">Queue, priority, countdown, expiry, retries, time limits, id.</param>
public sealed record Signature(string Task, object? Args = null, EnqueueOptions? Options = null) : Canvas
{
    /// <summary>True: keeps its own arguments instead of taking the previous result (Celery's <c>si()</c>).</summary>
    public bool IsImmutable { get; init; }

    /// <summary>The same signature, immutable: it ignores the result of the step before it.</summary>
    public Signature Immutable() => this with { IsImmutable = true };

    /// <summary>The same signature with other options.</summary>
    public Signature With(EnqueueOptions options) => this with { Options = options };
}
