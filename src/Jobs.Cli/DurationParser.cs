using System.Globalization;
using System.Text.RegularExpressions;

namespace Jobs.Cli;

/// <summary>
/// Parses durations as the console accepts them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, compounds
/// such as <c>1h30m</c>, plain seconds (<c>90</c>, <c>1.5</c>), or TimeSpan text (<c>00:05:00</c>, <c>1.02:03:04</c>).
/// </summary>
internal static partial class DurationParser
{
    /// <summary>What a duration may look like, for error messages.</summary>
    public const string Formats = "e.g. 500ms, 30s, 5m, 2h, 1d, 1h30m, plain seconds, or hh:mm:ss";

    [GeneratedRegex(@"\G(?<n>\d+(?:\.\d+)?)(?<u>ms|s|m|h|d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with a clear message when it is not a duration.</summary>
    public static TimeSpan Parse(string text)
        => TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/> into a non-negative duration, or explains why it cannot.</summary>
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        var s = text?.Trim() ?? "";
        if (s.Length == 0) return Fail("an empty string is not a duration", out error);
        if (s.StartsWith('-')) return Fail($"'{s}' is negative; a duration must not be negative", out error);

        if (double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return FromUnits(s, seconds, 1000, out value, out error);

        if (s.Contains(':'))
        {
            if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero) return true;
            return Fail($"'{s}' is not a duration ({Formats})", out error);
        }

        double totalMs = 0;
        var at = 0;
        foreach (Match m in Part().Matches(s))
        {
            if (m.Index != at) break;
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            totalMs += n * m.Groups["u"].Value.ToLowerInvariant() switch
            {
                "ms" => 1, "s" => 1000, "m" => 60_000, "h" => 3_600_000, _ => 86_400_000,
            };
            at = m.Index + m.Length;
        }
        if (at == 0 || at != s.Length) return Fail($"'{s}' is not a duration ({Formats})", out error);
        return FromUnits(s, totalMs, 1, out value, out error);
    }

    /// <summary>A duration as the console prints it, in the same units it parses: <c>500ms</c>, <c>1s</c>, <c>1.5s</c>, <c>2m</c>, <c>1h30m</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.Zero) return "-" + Format(-value);
        if (value < TimeSpan.FromSeconds(1)) return $"{(long)Math.Round(value.TotalMilliseconds)}ms";
        if (value < TimeSpan.FromMinutes(1))
            return value.TotalSeconds.ToString(value.Milliseconds == 0 ? "0" : "0.###", CultureInfo.InvariantCulture) + "s";
        var text = "";
        if (value.Days > 0) text += $"{value.Days}d";
        if (value.Hours > 0) text += $"{value.Hours}h";
        if (value.Minutes > 0) text += $"{value.Minutes}m";
        if (value.Seconds > 0 || value.Milliseconds > 0)
            text += (value.Seconds + value.Milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        return text;
    }

    private static bool FromUnits(string s, double amount, double msPerUnit, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        var ms = amount * msPerUnit;
        if (double.IsNaN(ms) || double.IsInfinity(ms) || ms >= TimeSpan.MaxValue.TotalMilliseconds)
            return Fail($"'{s}' is too long a duration", out error);
        value = TimeSpan.FromMilliseconds(Math.Round(ms));
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
