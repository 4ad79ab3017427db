using System.Globalization;

namespace Jobs.Payloads.Security;

/// <summary>
/// The eta and expiry a signature covers, as the client asked for them: an absolute time as ISO-8601 UTC with
/// milliseconds (<c>2030-01-31T12:00:00.000Z</c>), a relative one as <c>+&lt;milliseconds&gt;</c> (countdown, expires-in),
/// and "" for none.
/// </summary>
internal static class SignedTime
{
    public static string Absolute(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Relative(TimeSpan after) => "+" + ((long)after.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    /// <summary>The text of an eta (absolute) or countdown (relative); "" when neither is given.</summary>
    public static string Of(DateTimeOffset? absolute, TimeSpan? relative)
        => absolute is { } a ? Absolute(a) : relative is { } r ? Relative(r) : "";

    /// <summary>
    /// Whether the row's time (<c>run_at</c> or <c>expires_at</c>) agrees with the signed text, within
    /// <paramref name="tolerance"/> (relative times are resolved on the database's clock at insert: compare with the
    /// row's <c>created_at</c>). An empty signed text agrees with a missing time, or, for an eta, with any time not after creation.
    /// </summary>
    public static bool Agrees(string signed, DateTimeOffset? rowTime, DateTimeOffset createdAt, TimeSpan tolerance)
    {
        if (signed.Length == 0) return rowTime is null || rowTime <= createdAt + tolerance;
        if (rowTime is not { } t) return false;
        DateTimeOffset expected;
        if (signed[0] == '+')
        {
            if (!long.TryParse(signed.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)) return false;
            expected = createdAt + TimeSpan.FromMilliseconds(ms);
        }
        else if (!DateTimeOffset.TryParseExact(signed, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture,
                     DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out expected)) return false;
        return (t - expected).Duration() <= tolerance;
    }
}
