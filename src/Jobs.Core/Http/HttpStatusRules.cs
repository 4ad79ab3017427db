using System.Globalization;

namespace Jobs;

/// <summary>
/// Which answers make a jobs.http job succeed (its <c>acceptStatus</c>: codes, classes like <c>2xx</c>, ranges like
/// <c>200-204</c>; default 2xx) and which failures are retried: 408, 429 and 5xx. Every other status fails at once.
/// </summary>
internal sealed class HttpStatusRules
{
    private readonly (int From, int To)[] _accepted;

    private HttpStatusRules((int, int)[] accepted, string text) { _accepted = accepted; Text = text; }

    public static readonly HttpStatusRules Default = new([(200, 299)], "2xx");

    /// <summary>What the rules accept, as the job gave them (for error messages).</summary>
    public string Text { get; }

    /// <summary>Reads a job's <c>acceptStatus</c>; throws <see cref="JobArgumentsException"/> for an entry it cannot read.</summary>
    public static HttpStatusRules Parse(IReadOnlyList<string>? entries)
    {
        if (entries is null) return Default;
        if (entries.Count == 0) throw new JobArgumentsException("acceptStatus of a jobs.http job must not be empty (omit it for 2xx).");
        var ranges = new List<(int, int)>();
        foreach (var raw in entries)
        {
            var e = (raw ?? "").Trim().ToLowerInvariant();
            (int, int)? range = e.Length == 3 && e.EndsWith("xx", StringComparison.Ordinal) && e[0] is >= '1' and <= '5'
                ? ((e[0] - '0') * 100, (e[0] - '0') * 100 + 99)
                : e.Split('-') is [var a, var b] && Code(a) is { } from && Code(b) is { } to && from <= to ? (from, to)
                : Code(e) is { } code ? (code, code) : null;
            ranges.Add(range ?? throw new JobArgumentsException(
                $"acceptStatus entry '{raw}' of a jobs.http job is not a status (404), a class (2xx) or a range (200-299)."));
        }
        return new HttpStatusRules([.. ranges], string.Join(", ", entries));
    }

    public bool IsAccepted(int status) => _accepted.Any(r => status >= r.From && status <= r.To);

    /// <summary>A failed status worth another attempt: the server may answer differently later.</summary>
    public static bool IsRetryable(int status) => status is 408 or 429 or >= 500;

    private static int? Code(string s)
        => int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 100 and <= 599 ? n : null;
}
