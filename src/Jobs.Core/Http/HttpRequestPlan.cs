using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Jobs;

/// <summary>
/// A jobs.http job's arguments checked and resolved against the worker's options: the allowed URL, the method, the
/// headers, the body bytes and their type, the timeout, the accepted statuses, the headers to record. Bad arguments
/// throw <see cref="JobArgumentsException"/>, a refused URL <see cref="HttpUrlRefusedException"/>: the job fails at once.
/// </summary>
internal sealed record HttpRequestPlan
{
    /// <summary>The response headers recorded in every result.</summary>
    public static readonly IReadOnlyList<string> DefaultResponseHeaders = ["content-type", "content-length", "location", "etag", "last-modified", "retry-after"];

    /// <summary>Headers the worker sets itself (or that would confuse the connection); a job may not set them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
        { "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "Upgrade", "TE", "Trailer" };

    public required HttpMethod Method { get; init; }
    public required Uri Url { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }
    public byte[]? Body { get; init; }
    public MediaTypeHeaderValue? ContentType { get; init; }
    public required TimeSpan Timeout { get; init; }
    public required HttpStatusRules Accept { get; init; }
    /// <summary>Lower-case names of the response headers to record; null: all of them.</summary>
    public required IReadOnlySet<string>? RecordHeaders { get; init; }
    public required bool FollowRedirects { get; init; }

    public static HttpRequestPlan From(HttpRequestArgs args, HttpTaskOptions options, HttpUrlPolicy policy)
    {
        if (string.IsNullOrWhiteSpace(args.Url)) throw Bad("'url' is required");
        var url = policy.Check(args.Url, "URL");

        var json = args.Json is JsonElement { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } ? null : args.Json;
        if (json is not null && args.Body is not null) throw Bad("give either 'json' or 'body', not both");
        var body = json is JsonElement e ? Encoding.UTF8.GetBytes(e.GetRawText())
            : json is not null ? JsonSerializer.SerializeToUtf8Bytes(json, json.GetType(), HttpTask.Json)
            : args.Body is { } text ? Encoding.UTF8.GetBytes(text) : null;

        var headers = new List<KeyValuePair<string, string>>();
        string? headerType = null;
        foreach (var (name, value) in args.Headers ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".Contains(c)))
                throw Bad($"header name '{name}' is not a valid HTTP header name");
            if (Reserved.Contains(name)) throw Bad($"header '{name}' is set by the worker and may not be given");
            if (value is null || value.Any(c => c is '\r' or '\n' or '\0')) throw Bad($"header '{name}' has no value or a line break in it");
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) headerType = value;
            else headers.Add(new(name, value));
        }
        var typeText = args.ContentType ?? headerType;
        if (args.ContentType is not null && headerType is not null) throw Bad("give the body's type in 'contentType' or in the Content-Type header, not both");
        if (typeText is not null && body is null) throw Bad("a content type is given but no body ('json' or 'body')");
        MediaTypeHeaderValue? type = null;
        if (body is not null)
        {
            typeText ??= json is not null ? "application/json; charset=utf-8" : "text/plain; charset=utf-8";
            if (!MediaTypeHeaderValue.TryParse(typeText, out type)) throw Bad($"content type '{typeText}' is not a valid media type");
        }

        HttpMethod method;
        var methodText = args.Method?.Trim().ToUpperInvariant() ?? (body is null ? "GET" : "POST");
        try { method = HttpMethod.Parse(methodText); }
        catch (FormatException) { throw Bad($"method '{args.Method}' is not a valid HTTP method"); }
        if (method == HttpMethod.Connect) throw Bad("method CONNECT is not allowed");

        var timeout = args.Timeout ?? options.DefaultTimeout;
        if (timeout > options.MaxTimeout)
            throw Bad($"timeout {TimeLimits.Seconds(timeout)} exceeds the worker's jobs.http MaxTimeout of {TimeLimits.Seconds(options.MaxTimeout)}");

        HashSet<string>? record = null;
        if (args.ResponseHeaders?.Contains("*") != true)
        {
            record = new HashSet<string>(DefaultResponseHeaders, StringComparer.OrdinalIgnoreCase);
            foreach (var h in args.ResponseHeaders ?? [])
                if (!string.IsNullOrWhiteSpace(h)) record.Add(h.Trim().ToLowerInvariant());
        }

        return new HttpRequestPlan
        {
            Method = method, Url = url, Headers = headers, Body = body, ContentType = type, Timeout = timeout,
            Accept = HttpStatusRules.Parse(args.AcceptStatus), RecordHeaders = record, FollowRedirects = args.FollowRedirects ?? true,
        };
    }

    private static JobArgumentsException Bad(string why) => new($"Arguments for task '{HttpTask.Name}' are invalid: {why}.");
}
