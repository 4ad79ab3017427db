namespace Jobs;

/// <summary>
/// One task call: name, arguments and options (Celery's signature). Arguments are serialized when the workflow is
/// applied (a string is taken as ready-made JSON). What a step does with the result before it (in a chain, a link,
/// a chord callback) depends on its arguments: a call (<see cref="CallArgs"/>, <see cref="Workflow.Call"/>; Celery's
/// partial signature <c>add.s(4)</c>) gets the result prepended to its positional arguments; any other arguments
/// are replaced by the result as a whole (a single-argument task: the result becomes its argument). An
/// <see cref="Immutable"/> step keeps its own arguments either way.
/// </summary>
/// <param name="Task">A registered task name (or one declared with <c>AddRemoteTask</c>).</param>
/// <param name="Args">The arguments (JSON-serializable; a <see cref="CallArgs"/> for positional and keyword arguments); null is JSON null.</param>
/// <param name="Options">Queue, priority, countdown, expiry, retries, time limits, id.</param>
public sealed record Signature(string Task, object? Args = null, EnqueueOptions? Options = null) : Canvas
{
    /// <summary>True: keeps its own arguments instead of taking the previous result (Celery's <c>si()</c>, an immutable signature).</summary>
    public bool IsImmutable { get; init; }

    /// <summary>The same signature, immutable: it ignores the result of the step before it.</summary>
    public Signature Immutable() => this with { IsImmutable = true };

    /// <summary>The same signature with other options.</summary>
    public Signature With(EnqueueOptions options) => this with { Options = options };
}
