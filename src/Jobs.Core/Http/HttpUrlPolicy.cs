namespace Jobs;

/// <summary>
/// Which URLs the jobs.http task may request: absolute http or https URLs, without user info, whose host matches the
/// worker's allow-list (empty by default: nothing is allowed). Checked on every hop of a redirect and on callbacks.
/// </summary>
internal sealed class HttpUrlPolicy(IReadOnlyList<HostPattern> allowed)
{
    public static HttpUrlPolicy From(HttpTaskOptions options) => new([.. options.AllowedHosts.Select(HostPattern.Parse)]);

    /// <summary>Parses <paramref name="url"/> and returns it, or throws <see cref="HttpUrlRefusedException"/> saying why it is refused.</summary>
    public Uri Check(string? url, string what)
    {
        if (string.IsNullOrWhiteSpace(url)) throw new HttpUrlRefusedException($"The {what} is empty.");
        // On Unix "/path" parses as an absolute file URL: a leading slash is a relative URL here.
        if (url.TrimStart().StartsWith('/') || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)) throw new HttpUrlRefusedException($"The {what} '{Shorten(url)}' is not an absolute URL.");
        return Check(uri, what);
    }

    public Uri Check(Uri uri, string what)
    {
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            throw new HttpUrlRefusedException($"The {what} '{HttpUrls.Redacted(uri)}' is refused: scheme '{uri.Scheme}' is not allowed (only http and https).");
        if (uri.UserInfo.Length > 0)
            throw new HttpUrlRefusedException($"The {what} '{HttpUrls.Redacted(uri)}' is refused: user info in a URL is not supported (send an Authorization header).");
        if (!allowed.Any(p => p.Matches(uri)))
            throw new HttpUrlRefusedException(
                $"The {what} '{HttpUrls.Redacted(uri)}' is refused: host '{HostPattern.HostOf(uri)}' is not in the worker's jobs.http allow-list " +
                (allowed.Count == 0 ? "(empty: no host is allowed; add hosts with AddHttpTask(o => o.AllowHosts(...)))." : $"({string.Join(", ", allowed)})."));
        return uri;
    }

    private static string Shorten(string s) => s.Length <= 200 ? s : s[..200] + "…";
}
