using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Jobs.Dashboard.Rendering;

/// <summary>What every page needs of its request: where the dashboard is mounted, who looks and may do what, the form token.</summary>
internal sealed class DashboardView
{
    public required string Base { get; init; }
    public required string Title { get; init; }
    public required DashboardPermissions Permissions { get; init; }
    public required string AntiforgeryField { get; init; }
    public required string AntiforgeryToken { get; init; }
    /// <summary>This page's path and query below the base (e.g. <c>/jobs?state=FAILURE</c>), where a form returns to.</summary>
    public required string Here { get; init; }
    /// <summary>The message of the action that led here (after a redirect), if any.</summary>
    public string? Flash { get; init; }
    public bool Monitoring { get; init; }
    public Func<string, string, string>? Redact { get; init; }

    public string Url(string relative) => Base + relative;
    public bool Can(DashboardPermissions permission) => (Permissions & permission) == permission;
    public bool CanWrite => (Permissions & ~DashboardPermissions.View) != 0;
    public string Asset(string name) => Base + "/assets/" + name + "?v=" + Assets.Version;

    /// <summary>A payload (arguments, result) as the redaction hook lets this viewer see it.</summary>
    public string Payload(string task, string? json) => json is null ? "" : Redact is { } redact ? redact(task, json) : json;

    public string With(string relative, string key, string? value)
    {
        var query = QueryHelpers.ParseQuery(relative.Contains('?') ? relative[relative.IndexOf('?')..] : "");
        var path = relative.Contains('?') ? relative[..relative.IndexOf('?')] : relative;
        var pairs = query.Where(kv => kv.Key != key).SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string?>(kv.Key, v))).ToList();
        if (value is not null) pairs.Add(new(key, value));
        return QueryHelpers.AddQueryString(path, pairs);
    }
}
