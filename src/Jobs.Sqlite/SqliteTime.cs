using System.Globalization;

namespace Jobs.Sqlite;

/// <summary>Times as the SQLite store keeps them: ISO 8601 UTC text with milliseconds, which sorts in time order.</summary>
internal static class SqliteTime
{
    public static string Format(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text)
        => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static object Parameter(DateTimeOffset? time) => time is { } t ? Format(t) : DBNull.Value;
}
