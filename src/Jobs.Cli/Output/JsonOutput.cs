using System.Text.Json;

namespace Jobs.Cli.Output;

/// <summary>Machine-readable output for <c>--json</c>: System.Text.Json, camelCase, one document per command.</summary>
internal static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static void Write<T>(T value)
    {
        Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
        Console.Out.Flush();
    }

    /// <summary>Stored JSON text as an element, so it is embedded as JSON rather than as a string; null stays null.</summary>
    public static JsonElement? Element(string? json)
    {
        if (json is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(json);
        }
    }

    /// <summary>Stored JSON text, compacted (PostgreSQL's jsonb adds spaces; SQLite keeps what was written).</summary>
    public static string Compact(string json)
        => Element(json) is { } e ? JsonSerializer.Serialize(e) : "null";
}
