using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// The result of a <c>jobs.http</c> job (JSON names fixed as below): the final answer's status, the selected response
/// headers and the body, cut to <see cref="HttpTaskOptions.MaxResponseBodyBytes"/> (64 KiB by default).
/// </summary>
public sealed record HttpTaskResult
{
    /// <summary>The HTTP status code of the final answer (after redirects).</summary>
    [JsonPropertyName("status")] public int Status { get; init; }
    /// <summary>The reason phrase, e.g. <c>OK</c>.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>The URL that gave the final answer (after redirects).</summary>
    [JsonPropertyName("url")] public string Url { get; init; } = "";
    /// <summary>Selected response headers by lower-case name; repeated values joined with ", ".</summary>
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The body as text when it is UTF-8 (the usual case), else null.</summary>
    [JsonPropertyName("body")] public string? Body { get; init; }
    /// <summary>The body in base64 when it is not UTF-8 text (or holds NUL characters), else null.</summary>
    [JsonPropertyName("bodyBase64")] public string? BodyBase64 { get; init; }
    /// <summary>True when the body was longer than the limit and was cut.</summary>
    [JsonPropertyName("bodyTruncated")] public bool BodyTruncated { get; init; }
    /// <summary>What became of the callback, when the job named one.</summary>
    [JsonPropertyName("callback")] public HttpCallbackReport? Callback { get; init; }
}
