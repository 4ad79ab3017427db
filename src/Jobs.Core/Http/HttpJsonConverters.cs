using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>A duration in JSON as a number of seconds (<c>"timeout": 2.5</c>), the form every language writes easily.</summary>
internal sealed class HttpSecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var seconds) || double.IsNaN(seconds) || seconds <= 0 || seconds > 86_400)
            throw new JsonException("timeout must be a positive number of seconds (at most 86400).");
        return TimeSpan.FromSeconds(seconds);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) => writer.WriteNumberValue(value.TotalSeconds);
}

/// <summary>A list of statuses in JSON: numbers (<c>404</c>) or strings (<c>"2xx"</c>, <c>"200-299"</c>, <c>"404"</c>); read as strings.</summary>
internal sealed class HttpStatusListConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("acceptStatus must be an array such as [\"2xx\", 404].");
        var list = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            list.Add(reader.TokenType switch
            {
                JsonTokenType.Number when reader.TryGetInt32(out var n) => n.ToString(CultureInfo.InvariantCulture),
                JsonTokenType.String => reader.GetString()!,
                _ => throw new JsonException("acceptStatus must hold status codes (404) or strings such as \"2xx\" or \"200-299\"."),
            });
        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var s in value)
        {
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) writer.WriteNumberValue(n);
            else writer.WriteStringValue(s);
        }
        writer.WriteEndArray();
    }
}
