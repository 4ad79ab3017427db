using System.Text.Unicode;

namespace Jobs;

/// <summary>
/// Turns an answer into a <see cref="HttpTaskResult"/>: status, the selected headers, and the body read up to the limit
/// (the rest is not read): as text when it is UTF-8 without NUL characters, else as base64.
/// </summary>
internal static class HttpResponseCapture
{
    public static async Task<HttpTaskResult> ReadAsync(HttpResponseMessage response, Uri url, HttpMethod method,
        IReadOnlySet<string>? recordHeaders, int maxBytes, CancellationToken ct)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            var key = name.ToLowerInvariant();
            if (recordHeaders is null || recordHeaders.Contains(key)) headers[key] = string.Join(", ", values);
        }
        var (bytes, truncated) = method == HttpMethod.Head ? ([], false) : await ReadCappedAsync(response.Content, maxBytes, ct).ConfigureAwait(false);
        var text = TextOf(bytes, truncated);
        return new HttpTaskResult
        {
            Status = (int)response.StatusCode, Reason = response.ReasonPhrase, Url = url.AbsoluteUri, Headers = headers,
            Body = text, BodyBase64 = text is null ? Convert.ToBase64String(bytes) : null, BodyTruncated = truncated,
        };
    }

    private static async Task<(byte[] Bytes, bool Truncated)> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[Math.Min(maxBytes + 1, 81_920)];
        using var kept = new MemoryStream();
        while (kept.Length <= maxBytes)
        {
            var want = (int)Math.Min(buffer.Length, maxBytes + 1 - kept.Length);
            var n = await stream.ReadAsync(buffer.AsMemory(0, want), ct).ConfigureAwait(false);
            if (n == 0) break;
            kept.Write(buffer, 0, n);
        }
        var all = kept.ToArray();
        return all.Length > maxBytes ? (all[..maxBytes], true) : (all, false);
    }

    /// <summary>The body as text, or null when it is not UTF-8 (a cut body may end inside a character: that end is dropped).</summary>
    private static string? TextOf(byte[] bytes, bool truncated)
    {
        var span = bytes.AsSpan();
        for (var drop = 0; drop <= (truncated ? Math.Min(3, span.Length) : 0); drop++)
        {
            var part = span[..^drop];
            if (!Utf8.IsValid(part)) continue;
            var text = System.Text.Encoding.UTF8.GetString(part);
            return text.Contains('\0') ? null : text;
        }
        return null;
    }
}
