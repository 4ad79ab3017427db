using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// Celery's positional and keyword arguments of one task call, stored as <c>{"args": [...], "kwargs": {...}}</c>: a
/// job's arguments in this form are a <em>call</em>. A task receives a call bound to its argument type as a Python
/// function binds one: positional values to its constructor parameters in order (properties in declaration order when
/// it has none), keyword values by name; an array type takes all positional values (or the only one, when that is an
/// array), a dictionary type the keyword values, any other type the only positional value.
/// In a workflow the result before a call is prepended to its positional values (a partial signature, Celery's
/// <c>add.s(4)</c>); any other arguments are replaced by that result. See README "Workflows (canvas)".
/// </summary>
public sealed record CallArgs
{
    /// <summary>A call with <paramref name="args"/> and, optionally, keyword arguments.</summary>
    /// <param name="args">The positional values, in order.</param>
    /// <param name="kwargs">The keyword values: anything that serializes to a JSON object (a dictionary, an anonymous object); null is none.</param>
    [JsonConstructor]
    public CallArgs(IReadOnlyList<object?> args, object? kwargs = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        Args = args;
        Kwargs = kwargs ?? NoKwargs;
    }

    /// <summary>The positional values (Celery's <c>args</c>).</summary>
    [JsonPropertyName("args")]
    public IReadOnlyList<object?> Args { get; init; }

    /// <summary>The keyword values (Celery's <c>kwargs</c>), a JSON object when serialized.</summary>
    [JsonPropertyName("kwargs")]
    public object Kwargs { get; init; }

    private static readonly IReadOnlyDictionary<string, object?> NoKwargs = new Dictionary<string, object?>();
}
