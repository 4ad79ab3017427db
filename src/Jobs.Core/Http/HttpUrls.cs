namespace Jobs;

/// <summary>URLs as errors and logs show them: scheme, host, port and path, without the query (it may hold a token).</summary>
internal static class HttpUrls
{
    public static string Redacted(Uri uri)
    {
        if (!uri.IsAbsoluteUri) return uri.OriginalString;
        var text = uri.GetLeftPart(UriPartial.Path);
        if (uri.UserInfo.Length > 0) text = text.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal);
        return uri.Query.Length > 1 ? text + "?…" : text;
    }
}
