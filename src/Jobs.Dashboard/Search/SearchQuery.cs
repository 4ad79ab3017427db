using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Jobs.Dashboard.Search;

/// <summary>
/// The jobs page's search, from the search box's words and the state tabs: <c>state:FAILURE,RETRY</c>, <c>queue:emails</c>,
/// <c>task:reports.generate</c>, <c>from:2026-12-01</c>, <c>to:2026-12-02T10:00</c>, <c>args.customer.name:"ACME Corp"</c>
/// (a number, true, false or null are matched as such; quote them to match text), <c>id:…</c> or a bare job id; any
/// other bare word is a task name.
/// </summary>
internal sealed record SearchQuery
{
    private static readonly string[] StoredStates =
        [JobState.Scheduled, JobState.Pending, JobState.Retry, JobState.Started, JobState.Success, JobState.Failure, JobState.Revoked];

    public string Text { get; init; } = "";
    public IReadOnlyList<string> States { get; init; } = [];
    /// <summary>The states chosen by tab (not typed in the box).</summary>
    public IReadOnlyList<string> TabStates { get; init; } = [];
    public string? Queue { get; init; }
    public string? Task { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? ArgPath { get; init; }
    public object? ArgValue { get; init; }
    public Guid? Id { get; init; }
    public Guid? After { get; init; }
    /// <summary>Why the text is not a search, when it is not.</summary>
    public string? Error { get; init; }

    public bool IsEmpty => States.Count == 0 && Queue is null && Task is null && From is null && To is null && ArgPath is null && Id is null;

    public static SearchQuery Read(IQueryCollection query) => Parse(query["q"].ToString(), query["state"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!),
        Guid.TryParse(query["after"], out var after) ? after : null);

    public static SearchQuery Read(IFormCollection form) => Parse(form["q"].ToString(), form["state"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!), null);

    public static SearchQuery Parse(string text, IEnumerable<string> states, Guid? after)
    {
        var q = new SearchQuery { Text = text.Trim(), After = after };
        var allStates = new List<string>();
        try
        {
            foreach (var s in states) allStates.AddRange(ParseStates(s));
            q = q with { TabStates = allStates.ToList() };
            foreach (var token in Tokenize(q.Text))
            {
                var colon = token.IndexOf(':');
                var key = colon < 0 ? "" : token[..colon].ToLowerInvariant();
                var value = colon < 0 ? token : Unquote(token[(colon + 1)..]);
                if (colon < 0 && Guid.TryParse(token, out var bareId)) q = q with { Id = bareId };
                else if (colon < 0) q = q with { Task = Unquote(token) };
                else if (key == "state") allStates.AddRange(ParseStates(value));
                else if (key == "queue") q = q with { Queue = value };
                else if (key == "task") q = q with { Task = value };
                else if (key == "id") q = q with { Id = Guid.TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a job id.") };
                else if (key == "from") q = q with { From = ParseTime(value) };
                else if (key == "to") q = q with { To = ParseTime(value) };
                else if (key.StartsWith("args.", StringComparison.Ordinal) && key.Length > 5)
                    q = q with { ArgPath = token[5..colon], ArgValue = ParseValue(token[(colon + 1)..]) };
                else throw new FormatException($"Unknown search term '{token[..colon]}:' (use state:, queue:, task:, id:, from:, to: or args.path:).");
            }
        }
        catch (FormatException ex) { return q with { Error = ex.Message }; }
        return q with { States = allStates.Distinct().ToList() };
    }

    public JobSearch ToSearch(int limit) => new()
    {
        States = States.Count == 0 ? null : States,
        Queue = Queue,
        Task = Task,
        CreatedFrom = From,
        CreatedTo = To,
        ArgPath = ArgPath,
        ArgValue = ArgValue,
        After = After,
        Limit = limit,
    };

    /// <summary>The query string of this search (without the page position), for links and forms.</summary>
    public string QueryString(bool withStates = true)
    {
        var parts = new List<string>();
        if (Text.Length > 0) parts.Add("q=" + Uri.EscapeDataString(Text));
        if (withStates) parts.AddRange(TabStates.Select(s => "state=" + s));
        return string.Join("&", parts);
    }

    /// <summary>The search in words, for the audit event and the progress page.</summary>
    public string Describe()
    {
        var words = new List<string>();
        if (States.Count > 0) words.Add("state:" + string.Join(",", States));
        if (Queue is not null) words.Add("queue:" + Queue);
        if (Task is not null) words.Add("task:" + Task);
        if (From is { } f) words.Add("from:" + f.ToString("O", CultureInfo.InvariantCulture));
        if (To is { } t) words.Add("to:" + t.ToString("O", CultureInfo.InvariantCulture));
        if (ArgPath is not null) words.Add($"args.{ArgPath}:{System.Text.Json.JsonSerializer.Serialize(ArgValue)}");
        return words.Count == 0 ? "all jobs" : string.Join(" ", words);
    }

    private static IEnumerable<string> ParseStates(string value)
    {
        foreach (var s in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var state = s.ToUpperInvariant();
            if (!StoredStates.Contains(state)) throw new FormatException($"'{s}' is not a state (one of {string.Join(", ", StoredStates)}).");
            yield return state;
        }
    }

    private static DateTimeOffset ParseTime(string value)
        => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t : throw new FormatException($"'{value}' is not a time (e.g. 2026-12-01 or 2026-12-01T10:00Z).");

    /// <summary>A bare number, true, false or null is that JSON value; anything else (or quoted) is text.</summary>
    private static object? ParseValue(string raw)
    {
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"') return raw[1..^1];
        if (raw == "null") return null;
        if (raw == "true") return true;
        if (raw == "false") return false;
        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return raw;
    }

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    /// <summary>Words separated by spaces; double quotes keep spaces inside a word.</summary>
    private static IEnumerable<string> Tokenize(string text)
    {
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
            }
            else word.Append(c);
        }
        if (quoted) throw new FormatException("A quote is not closed.");
        if (word.Length > 0) yield return word.ToString();
    }
}
