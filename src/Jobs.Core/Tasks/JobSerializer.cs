using System.Text.Json;

namespace Jobs;

/// <summary>JSON (System.Text.Json) for arguments and results. No CLR type names ever enter a payload.</summary>
internal sealed class JobSerializer(JsonSerializerOptions options)
{
    public JsonSerializerOptions Options { get; } = options;

    public string SerializeArgs(string task, object? args)
    {
        if (args is string s) return ValidateJson(task, s);
        try
        {
            return JsonSerializer.Serialize(args, args?.GetType() ?? typeof(object), Options);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"Arguments for task '{task}' cannot be serialized to JSON ({args!.GetType().Name}): {ex.Message}", "args", ex);
        }
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
