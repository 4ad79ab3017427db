using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Jobs;

/// <summary>
/// Binds a call (<see cref="CallArgs"/>: <c>{"args": [...], "kwargs": {...}}</c>) to a task's argument type as Python
/// binds a call to a function's parameters, by rewriting it as the JSON the type reads: positional values name its
/// constructor parameters in order (its properties in declaration order when it has no constructor parameters), keyword
/// values are its JSON properties; an array or list type takes the positional values (Python's <c>*args</c>), or the
/// one positional value when that is an array (a chord callback's list of results); a dictionary type the keyword
/// values; any other type the one positional value. Too many or repeated values, or a missing required constructor
/// parameter, fail the job (<see cref="JobArgumentsException"/>), as Python's TypeError would.
/// </summary>
internal sealed class CallBinding
{
    private enum Kind { Parameters, Array, Dictionary, Single }

    private readonly record struct Parameter(string Name, bool Required);

    private readonly Kind _kind;
    private readonly IReadOnlyList<Parameter> _parameters;
    private readonly StringComparer _names;

    private CallBinding(Kind kind, IReadOnlyList<Parameter> parameters, StringComparer names)
    {
        _kind = kind; _parameters = parameters; _names = names;
    }

    /// <summary>
    /// How <paramref name="type"/> takes a call; null when it takes the call's JSON as it is: JSON document types,
    /// <see cref="object"/>, <see cref="CallArgs"/>, and types with a member named <c>args</c> of their own.
    /// </summary>
    public static CallBinding? For(Type type, JsonSerializerOptions options)
    {
        if (type == typeof(JsonElement) || type == typeof(JsonElement?) || type == typeof(JsonDocument) || type == typeof(object)
            || type == typeof(CallArgs) || typeof(JsonNode).IsAssignableFrom(type))
            return null;
        var names = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        if (!options.IsReadOnly) options.MakeReadOnly(populateMissingResolver: true); // as the serializer's first use does
        var info = options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable: return new(Kind.Array, [], names);
            case JsonTypeInfoKind.Dictionary: return new(Kind.Dictionary, [], names);
            case JsonTypeInfoKind.Object:
                if (info.Properties.Any(p => string.Equals(p.Name, CallJson.ArgsName, StringComparison.OrdinalIgnoreCase))) return null;
                var parameters = info.Properties
                    .Where(p => p.AssociatedParameter is { IsMemberInitializer: false })
                    .OrderBy(p => p.AssociatedParameter!.Position)
                    .Select(p => new Parameter(p.Name, !p.AssociatedParameter!.HasDefaultValue))
                    .ToList();
                if (parameters.Count == 0)
                    parameters = info.Properties.Where(p => p.Set is not null).Select(p => new Parameter(p.Name, p.IsRequired)).ToList();
                return new(Kind.Parameters, parameters, names);
            default: return new(Kind.Single, [], names);
        }
    }

    /// <summary>The JSON the argument type reads for <paramref name="call"/> (a call, see <see cref="CallJson.IsCall(JsonElement)"/>).</summary>
    public string Bind(string task, JsonElement call)
    {
        var args = call.GetProperty(CallJson.ArgsName);
        var kwargs = call.TryGetProperty(CallJson.KwargsName, out var k) && k.ValueKind != JsonValueKind.Null ? k : default;
        if (kwargs.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
            throw new JobArgumentsException($"Arguments for task '{task}': \"kwargs\" must be a JSON object, not {kwargs.ValueKind}.");
        var positional = args.GetArrayLength();
        var keywords = kwargs.ValueKind == JsonValueKind.Object ? kwargs.EnumerateObject().Count() : 0;
        switch (_kind)
        {
            case Kind.Array:
                if (keywords > 0) throw new JobArgumentsException($"Task '{task}' takes positional arguments only, but keyword arguments were given.");
                return positional == 1 && args[0].ValueKind == JsonValueKind.Array ? args[0].GetRawText() : args.GetRawText();
            case Kind.Dictionary when positional == 0:
                return keywords > 0 ? kwargs.GetRawText() : "{}";
            case Kind.Dictionary or Kind.Single:
                if (positional != 1 || keywords > 0)
                    throw new JobArgumentsException($"Task '{task}' takes 1 positional argument but {positional} positional and {keywords} keyword arguments were given.");
                return args[0].GetRawText();
            default:
                return BindParameters(task, args, kwargs, positional);
        }
    }

    private string BindParameters(string task, JsonElement args, JsonElement kwargs, int positional)
    {
        if (positional > _parameters.Count)
            throw new JobArgumentsException($"Task '{task}' takes {_parameters.Count} positional argument{(_parameters.Count == 1 ? "" : "s")}"
                + $" ({string.Join(", ", _parameters.Select(p => p.Name))}) but {positional} were given.");
        var given = new HashSet<string>(_names);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var i = 0;
            foreach (var value in args.EnumerateArray())
            {
                var name = _parameters[i++].Name;
                given.Add(name);
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
            if (kwargs.ValueKind == JsonValueKind.Object)
                foreach (var kw in kwargs.EnumerateObject())
                {
                    if (!given.Add(kw.Name)) throw new JobArgumentsException($"Task '{task}' got multiple values for argument '{kw.Name}'.");
                    kw.WriteTo(w);
                }
            w.WriteEndObject();
        }
        var missing = _parameters.Where(p => p.Required && !given.Contains(p.Name)).Select(p => $"'{p.Name}'").ToList();
        if (missing.Count > 0)
            throw new JobArgumentsException($"Task '{task}' is missing required argument{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}.");
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
