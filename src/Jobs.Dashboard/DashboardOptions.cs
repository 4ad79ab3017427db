using Microsoft.AspNetCore.Http;

namespace Jobs.Dashboard;

/// <summary>
/// Settings of the dashboard (<see cref="DashboardServiceCollectionExtensions.AddJobsDashboard"/>). Secure by default:
/// until <see cref="AuthorizationPolicy"/> is set or <see cref="AllowRemoteRequests"/> is true, only requests from
/// this machine are answered (as Hangfire's dashboard does).
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The page title and header. Default "Jobs".</summary>
    public string Title { get; set; } = "Jobs";

    /// <summary>
    /// An ASP.NET Core authorization policy every dashboard request must satisfy (the host's authentication decides
    /// who the user is). Setting it lifts the local-requests-only default. Default null.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>Answer requests from other machines without an <see cref="AuthorizationPolicy"/>. Default false: local requests only.</summary>
    public bool AllowRemoteRequests { get; set; }

    /// <summary>Read-only: pages show no actions and every write answers 403. Default false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// What the viewer of a request may do (per user or role: <c>ctx =&gt; ctx.User.IsInRole("ops") ? All : View</c>).
    /// Default null: everything. <see cref="ReadOnly"/> wins over it.
    /// </summary>
    public Func<HttpContext, DashboardPermissions>? Permissions { get; set; }

    /// <summary>
    /// Called with the request, the task name and a job's arguments or result (JSON text) before it is shown; returns
    /// what to show instead (e.g. <c>"[hidden]"</c>, or a copy with secrets masked). Default null: shown as stored.
    /// </summary>
    public Func<HttpContext, string, string, string>? RedactPayload { get; set; }

    /// <summary>The name recorded in the admin-action event of each write. Default: the signed-in user's name, else "anonymous (address)".</summary>
    public Func<HttpContext, string>? UserName { get; set; }

    /// <summary>How long counts, queue lists and reports are shared between viewers before they are read again. Default 2 seconds.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A search that runs longer than this is stopped and the page says so (narrow it). Default 10 seconds.</summary>
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Jobs per page of the jobs list. Default 50.</summary>
    public int PageSize { get; set; } = 50;

    internal void Validate()
    {
        if (CacheDuration < TimeSpan.Zero) throw new ArgumentException($"CacheDuration must not be negative (was {CacheDuration}).");
        if (SearchTimeout <= TimeSpan.Zero) throw new ArgumentException($"SearchTimeout must be positive (was {SearchTimeout}).");
        if (PageSize is < 1 or > 1000) throw new ArgumentException($"PageSize must be 1 to 1000 (was {PageSize}).");
    }
}
