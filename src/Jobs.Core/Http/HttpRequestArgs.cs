using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// The arguments of the built-in webhook task <c>jobs.http</c> (<see cref="HttpTask.Name"/>): the request a worker makes.
/// Any language can enqueue the task with this JSON (names are fixed, whatever the app's JSON options):
/// <c>{"url": "...", "method": "POST", "headers": {...}, "json": {...} | "body": "text", "contentType": "...",
/// "timeout": 10, "acceptStatus": ["2xx", 404], "responseHeaders": ["x-request-id"], "followRedirects": true,
/// "callbackUrl": "..."}</c>. Only <c>url</c> is required; unknown names fail the job (a typo is not ignored).
/// </summary>
/// <param name="Url">The absolute http or https URL; its host must be allowed by the worker (see <see cref="HttpTaskOptions.AllowHosts"/>).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record HttpRequestArgs([property: JsonPropertyName("url")] string Url)
{
    /// <summary>The HTTP method; default GET, or POST when a body is given.</summary>
    [JsonPropertyName("method")] public string? Method { get; init; }
    /// <summary>Request headers (for example <c>Authorization</c>). <c>Content-Type</c> here sets the body's type.</summary>
    [JsonPropertyName("headers")] public IReadOnlyDictionary<string, string>? Headers { get; init; }
    /// <summary>A JSON body, sent as <c>application/json</c>. Give this or <see cref="Body"/>, not both.</summary>
    [JsonPropertyName("json")] public object? Json { get; init; }
    /// <summary>A text body, sent as UTF-8 with <see cref="ContentType"/> (default <c>text/plain; charset=utf-8</c>).</summary>
    [JsonPropertyName("body")] public string? Body { get; init; }
    /// <summary>The content type of <see cref="Body"/>.</summary>
    [JsonPropertyName("contentType")] public string? ContentType { get; init; }
    /// <summary>Timeout of each request (connect, send, read the answer); in JSON, seconds. Default and maximum: the worker's <see cref="HttpTaskOptions"/>.</summary>
    [JsonPropertyName("timeout"), JsonConverter(typeof(HttpSecondsConverter))] public TimeSpan? Timeout { get; init; }
    /// <summary>
    /// The statuses that make the job succeed: codes (<c>404</c>), classes (<c>"2xx"</c>) or ranges (<c>"200-299"</c>).
    /// Default <c>["2xx"]</c>. Any other answer fails: 408, 429 and 5xx are retried, the rest fail at once.
    /// </summary>
    [JsonPropertyName("acceptStatus"), JsonConverter(typeof(HttpStatusListConverter))] public IReadOnlyList<string>? AcceptStatus { get; init; }
    /// <summary>Response headers recorded in the result besides the default ones (content-type, content-length, location, etag, last-modified, retry-after); <c>"*"</c> records all.</summary>
    [JsonPropertyName("responseHeaders")] public IReadOnlyList<string>? ResponseHeaders { get; init; }
    /// <summary>Follow redirects (each hop checked against the allow-list); default true. False: a 3xx answer is the answer.</summary>
    [JsonPropertyName("followRedirects")] public bool? FollowRedirects { get; init; }
    /// <summary>When set, the worker POSTs the outcome there, signed (see <see cref="HttpCallbackSignature"/>); its host must be allowed too.</summary>
    [JsonPropertyName("callbackUrl")] public string? CallbackUrl { get; init; }
}
