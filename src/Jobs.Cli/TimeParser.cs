using System.Globalization;

namespace Jobs.Cli;

/// <summary>Parses ISO 8601 instants (<c>2030-01-31T12:00:00Z</c>, <c>2030-01-31 12:00+02:00</c>); no offset means UTC.</summary>
internal static class TimeParser
{
    public static bool TryParse(string? text, out DateTimeOffset value, out string? error)
    {
        error = null;
        if (DateTimeOffset.TryParse(text?.Trim(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value))
            return true;
        error = $"'{text}' is not an ISO 8601 time (e.g. 2030-01-31T12:00:00Z; no offset means UTC)";
        return false;
    }
}
