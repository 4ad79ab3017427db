using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>The delivery of a jobs.http callback: its final status, or the error of its last try.</summary>
public sealed record HttpCallbackReport
{
    /// <summary>The callback URL.</summary>
    [JsonPropertyName("url")] public string Url { get; init; } = "";
    /// <summary>The status of the last try's answer, if one came.</summary>
    [JsonPropertyName("status")] public int? Status { get; init; }
    /// <summary>True when the callback was answered with a 2xx status.</summary>
    [JsonPropertyName("delivered")] public bool Delivered { get; init; }
    /// <summary>Tries made.</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    /// <summary>Why the last try failed, if it did.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }
}
