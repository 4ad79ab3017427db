using System.Net;

namespace Jobs;

/// <summary>
/// One entry of the jobs.http allow-list: an exact host name, an IP address, or <c>*.example.com</c> (any subdomain, at
/// any depth, not the apex). Names compare in lower-case ASCII (IDN) form without a trailing dot, as <see cref="Uri"/>
/// gives them, so <c>http://API.Example.com./</c> and <c>http://api.example.com/</c> are the same host.
/// </summary>
internal sealed class HostPattern
{
    private HostPattern(string text, string? name, string? suffix, IPAddress? address)
    {
        Text = text; _name = name; _suffix = suffix; _address = address;
    }

    private readonly string? _name;
    private readonly string? _suffix;
    private readonly IPAddress? _address;

    public string Text { get; }

    public static HostPattern Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new ArgumentException("A jobs.http allowed host must not be empty.", nameof(pattern));
        var p = pattern.Trim();
        string Bad(string why) => $"'{pattern}' is not a valid jobs.http allowed host ({why}); give a host name such as api.example.com, *.example.com or 127.0.0.1.";
        if (IPAddress.TryParse(p.TrimStart('[').TrimEnd(']'), out var ip) && (p.Contains(':') || p.Count(c => c == '.') == 3))
            return new HostPattern(p, null, null, ip);
        if (p.Contains("://", StringComparison.Ordinal) || p.IndexOfAny(['/', ':', '@', '?', '#', ' ']) >= 0)
            throw new ArgumentException(Bad("only the host: no scheme, port, path or user"), nameof(pattern));
        if (p.StartsWith("*.", StringComparison.Ordinal))
        {
            var apex = Normalize(p[2..]) ?? throw new ArgumentException(Bad("not a host name after '*.'"), nameof(pattern));
            if (!apex.Contains('.')) throw new ArgumentException(Bad($"'*.{apex}' is too broad: name a domain with at least two labels"), nameof(pattern));
            return new HostPattern(p, null, "." + apex, null);
        }
        if (p.Contains('*')) throw new ArgumentException(Bad("'*' is only allowed as a leading '*.'"), nameof(pattern));
        return new HostPattern(p, Normalize(p) ?? throw new ArgumentException(Bad("not a host name"), nameof(pattern)), null, null);
    }

    /// <summary>True when the URL's host is this pattern's host (or, for <c>*.</c>, one of its subdomains).</summary>
    public bool Matches(Uri uri)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
            return _address is not null && IPAddress.TryParse(uri.Host.TrimStart('[').TrimEnd(']'), out var ip) && ip.Equals(_address);
        if (_address is not null) return false;
        var host = HostOf(uri);
        return _name is not null ? host == _name : host.EndsWith(_suffix!, StringComparison.Ordinal);
    }

    /// <summary>The URL's host name as compared: lower-case ASCII (IDN) form, no trailing dot.</summary>
    public static string HostOf(Uri uri) => uri.IdnHost.TrimEnd('.').ToLowerInvariant();

    private static string? Normalize(string name)
    {
        if (!Uri.TryCreate("http://" + name + "/", UriKind.Absolute, out var uri) || uri.HostNameType != UriHostNameType.Dns) return null;
        var host = HostOf(uri);
        return host.Length == 0 || host.StartsWith('.') ? null : host;
    }

    public override string ToString() => Text;
}
