using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>JSON of control arguments, replies and stored events: camelCase, nulls left out.</summary>
internal static class ControlJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
