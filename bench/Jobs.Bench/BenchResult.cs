using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Jobs.Bench;

/// <summary>One figure, in the JSON shape of the standard workload: system, version, scenario, value, unit, settings.</summary>
internal sealed record BenchResult(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("settings")] JsonObject Settings)
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BenchResult? Parse(string line)
    {
        try { return JsonSerializer.Deserialize<BenchResult>(line, Json); }
        catch (JsonException) { return null; }
    }

    /// <summary>Settings from an anonymous object.</summary>
    public static JsonObject SettingsOf(object settings) => JsonSerializer.SerializeToNode(settings)!.AsObject();
}
