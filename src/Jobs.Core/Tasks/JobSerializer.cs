using System.Collections.Concurrent;
using System.Text.Json;

namespace Jobs;

/// <summary>JSON (System.Text.Json) for arguments and results. No CLR type names ever enter a payload.</summary>
internal sealed class JobSerializer(JsonSerializerOptions options)
{
    private readonly ConcurrentDictionary<Type, CallBinding?> _bindings = new();

    public JsonSerializerOptions Options { get; } = options;

    public string SerializeArgs(string task, object? args)
    {
        if (args is string s) return ValidateJson(task, s);
        string json;
        try
        {
            json = JsonSerializer.Serialize(args, args?.GetType() ?? typeof(object), Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"Arguments for task '{task}' cannot be serialized to JSON ({args!.GetType().Name}): {ex.Message}", "args", ex);
        }
        if (args is CallArgs) ValidateKwargs(task, json);
        return json;
    }

    private static void ValidateKwargs(string task, string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (!doc.RootElement.TryGetProperty(CallJson.KwargsName, out var kwargs) || kwargs.ValueKind != JsonValueKind.Object)
            throw new ArgumentException($"Keyword arguments for task '{task}' must serialize to a JSON object (a dictionary or an object), not {json}.", "args");
    }

    // A string argument is taken as ready-made JSON (e.g. from another language or the CLI); it must parse.
    private static string ValidateJson(string task, string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return json;
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Arguments for task '{task}' are a string that is not valid JSON: {ex.Message}", "args", ex);
        }
    }

    /// <summary>
    /// Reads a job's arguments as the task's argument type; a call (<see cref="CallArgs"/>) is bound to it first
    /// (<see cref="CallBinding"/>) unless the type takes the call's JSON as it is.
    /// </summary>
    public T DeserializeArgs<T>(string task, string json)
    {
        if (CallJson.MayBeCall(json) && _bindings.GetOrAdd(typeof(T), static (t, o) => CallBinding.For(t, o), Options) is { } binding)
        {
            string? bound = null;
            try
            {
                using var doc = JsonDocument.Parse(json);
                if (CallJson.IsCall(doc.RootElement)) bound = binding.Bind(task, doc.RootElement);
            }
            catch (JsonException ex)
            {
                throw new JobArgumentsException($"Arguments for task '{task}' are not valid JSON: {ex.Message}", ex);
            }
            if (bound is not null) json = bound;
        }
        return Deserialize<T>(task, json);
    }

    public T Deserialize<T>(string task, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            throw new JobArgumentsException($"Arguments for task '{task}' cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    public string SerializeResult<T>(T result) => JsonSerializer.Serialize(result, Options);
}
