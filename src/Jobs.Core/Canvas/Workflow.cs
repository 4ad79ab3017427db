namespace Jobs;

/// <summary>Shorthands that build canvases (Celery's <c>chain</c>, <c>group</c>, <c>chord</c>, <c>chunks</c>, <c>map</c>, <c>starmap</c>).</summary>
public static class Workflow
{
    /// <summary>The built-in task that runs a task once per item of a list, in one job: Celery's <c>xmap</c>.</summary>
    public const string MapTask = "jobs.map";

    /// <summary>The built-in task that runs a task once per argument list: Celery's <c>xstarmap</c>.</summary>
    public const string StarmapTask = "jobs.starmap";

    /// <summary>A signature of <paramref name="task"/>.</summary>
    public static Signature Sig(string task, object? args = null, EnqueueOptions? options = null) => new(task, args, options);

    /// <summary>
    /// A signature that calls <paramref name="task"/> with positional arguments (Celery's <c>add.s(2, 2)</c>): its
    /// arguments are a <see cref="CallArgs"/>, so in a workflow the result before it is prepended to them
    /// (<c>Call("add", 4)</c> after a step that returned 2 runs <c>add(2, 4)</c>). For keyword arguments, give a
    /// <see cref="CallArgs"/> to <see cref="Sig"/>.
    /// </summary>
    public static Signature Call(string task, params object?[] args) => new(task, new CallArgs(args));

    /// <summary>A chain: steps one after another.</summary>
    public static Chain Chain(params Canvas[] steps) => new(steps);

    /// <summary>A group: members in parallel.</summary>
    public static Group Group(params Canvas[] members) => new(members);

    /// <summary>A group of the same task over many arguments.</summary>
    public static Group Group(string task, IEnumerable<object?> args, EnqueueOptions? options = null)
        => new(args.Select(a => (Canvas)new Signature(task, a, options)).ToList());

    /// <summary>A chord: <paramref name="header"/> in parallel, then <paramref name="body"/> with their results.</summary>
    public static Chord Chord(Group header, Canvas body) => new(header, body);

    /// <summary>
    /// One job that runs <paramref name="task"/> for each item in turn, in the worker that claims it, and returns the
    /// results as a JSON array (Celery's <c>task.map(items)</c>). Each item is the task's arguments.
    /// </summary>
    public static Signature Map(string task, IEnumerable<object?> items, EnqueueOptions? options = null)
        => new(MapTask, new MapArgs(task, items.ToList()), options);

    /// <summary>
    /// As <see cref="Map"/>, but each item is a JSON array of positional values that becomes the task's arguments as an
    /// array (Celery's <c>task.starmap(items)</c>, for tasks whose argument type is a list or tuple-like array).
    /// </summary>
    public static Signature Starmap(string task, IEnumerable<IEnumerable<object?>> items, EnqueueOptions? options = null)
        => new(StarmapTask, new MapArgs(task, items.Select(i => (object?)i.ToList()).ToList()), options);

    /// <summary>
    /// Splits <paramref name="items"/> into chunks of <paramref name="size"/>, each one <see cref="Map"/> job, run as a
    /// group (Celery's <c>task.chunks(items, n)</c>); its result is one array of results per chunk.
    /// </summary>
    public static Group Chunks(string task, IEnumerable<object?> items, int size, EnqueueOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        return new(items.Chunk(size).Select(c => (Canvas)Map(task, c, options)).ToList());
    }
}

/// <summary>Arguments of the built-in <see cref="Workflow.MapTask"/> and <see cref="Workflow.StarmapTask"/> tasks.</summary>
/// <param name="Task">The task run for each item.</param>
/// <param name="Items">The items (each one the task's arguments).</param>
public sealed record MapArgs(string Task, IReadOnlyList<object?> Items);
