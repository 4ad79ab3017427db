using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Jobs;

/// <summary>
/// The signature of a jobs.http callback: <c>X-Jobs-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256, keyed with the UTF-8
/// bytes of <see cref="HttpTaskOptions.CallbackKey"/>, of <c>&lt;timestamp&gt;.&lt;body&gt;</c>: the
/// <c>X-Jobs-Timestamp</c> header (Unix seconds), a dot, and the exact body bytes. A receiver recomputes it over the
/// bytes it received, compares in constant time, and rejects old timestamps (a replay); to refuse a replay within the
/// tolerance too, it remembers the signatures it has seen for that long.
/// </summary>
public static class HttpCallbackSignature
{
    /// <summary>The header holding <c>sha256=&lt;hex&gt;</c>.</summary>
    public const string SignatureHeader = "X-Jobs-Signature";
    /// <summary>The header holding the signing time in Unix seconds; it is part of the signed content.</summary>
    public const string TimestampHeader = "X-Jobs-Timestamp";

    /// <summary>The signature header's value (<c>sha256=</c> and lower-case hex) for <paramref name="timestamp"/> and <paramref name="body"/>.</summary>
    public static string Compute(string key, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.ASCII.GetBytes(timestamp + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), content));
    }

    /// <summary>
    /// True when <paramref name="signature"/> is the signature of <paramref name="body"/> at <paramref name="timestamp"/>
    /// with <paramref name="key"/>, and the timestamp is within <paramref name="tolerance"/> of <paramref name="now"/>.
    /// </summary>
    public static bool Verify(string key, string? signature, string? timestamp, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(timestamp)) return false;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (seconds > 253_402_300_799 || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(key, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The timestamp header's value for <paramref name="time"/>: Unix seconds.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
