using System.Globalization;
using System.Text.RegularExpressions;

namespace Jobs;

/// <summary>
/// A rate limit in Celery's syntax: <c>10/s</c>, <c>100/m</c>, <c>1000/h</c> (a count per second, minute or hour).
/// Enforced as a token bucket in the database, shared by every worker: it refills at <see cref="PerSecond"/> up to
/// <see cref="Burst"/> tokens, and each job start takes one.
/// </summary>
public readonly partial record struct RateLimit
{
    private RateLimit(double count, char unit, double burst)
    {
        Count = count;
        Unit = unit;
        Burst = burst;
    }

    /// <summary>Jobs per <see cref="Unit"/>.</summary>
    public double Count { get; }
    /// <summary><c>s</c>, <c>m</c> or <c>h</c>.</summary>
    public char Unit { get; }
    /// <summary>The bucket's capacity: how many jobs may start at once after a quiet spell. Default one second's worth, at least 1.</summary>
    public double Burst { get; }

    /// <summary>Tokens added per second.</summary>
    public double PerSecond => Count / Unit switch { 's' => 1, 'm' => 60, _ => 3600 };

    /// <summary>Parses <c>N/s</c>, <c>N/m</c> or <c>N/h</c> (N may have decimals); <paramref name="burst"/> overrides the capacity.</summary>
    /// <exception cref="FormatException">The text is not a rate, or the burst is below 1.</exception>
    public static RateLimit Parse(string text, double? burst = null)
    {
        var m = Syntax().Match(text?.Trim() ?? "");
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || count <= 0 || double.IsInfinity(count))
            throw new FormatException($"'{text}' is not a rate limit; write a positive count per second, minute or hour, e.g. 10/s, 100/m or 1000/h.");
        var unit = char.ToLowerInvariant(m.Groups[2].Value[0]);
        var perSecond = count / (unit switch { 's' => 1, 'm' => 60, _ => 3600 });
        var capacity = burst ?? Math.Max(1, perSecond);
        if (capacity < 1 || double.IsNaN(capacity) || double.IsInfinity(capacity))
            throw new FormatException($"A rate limit's burst must be at least 1 (was {burst}).");
        return new RateLimit(count, unit, capacity);
    }

    /// <summary>The limit as written: <c>10/s</c>.</summary>
    public override string ToString() => $"{Count.ToString(CultureInfo.InvariantCulture)}/{Unit}";

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*/\s*(s|sec|second|m|min|minute|h|hour)$", RegexOptions.IgnoreCase)]
    private static partial Regex Syntax();
}
