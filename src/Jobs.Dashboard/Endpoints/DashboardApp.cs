using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Data;
using Jobs.Dashboard.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard.Endpoints;

/// <summary>One mount of the dashboard: its path prefix and the services its endpoints share.</summary>
internal sealed class DashboardApp(string prefix, IServiceProvider services)
{
    /// <summary>The route prefix, without a trailing slash ("" at the root).</summary>
    public string Prefix { get; } = prefix;
    public DashboardOptions Options { get; } = services.GetRequiredService<DashboardOptions>();
    public JobAdmin Admin { get; } = services.GetRequiredService<JobAdmin>();
    public JobControl? Control { get; } = services.GetService<JobControl>();
    public DashboardCache Cache { get; } = services.GetRequiredService<DashboardCache>();
    public PageRenderer Renderer { get; } = services.GetRequiredService<PageRenderer>();
    public ActionRecorder Recorder { get; } = services.GetRequiredService<ActionRecorder>();
    public BulkOperations Bulk { get; } = services.GetRequiredService<BulkOperations>();
    public TimeProvider Time { get; } = services.GetService<JobsOptions>()?.TimeProvider ?? TimeProvider.System;

    /// <summary>Where the dashboard is for this request: the host's path base, then the prefix.</summary>
    public string BaseOf(HttpContext context) => context.Request.PathBase.Value?.TrimEnd('/') + Prefix;

    public DashboardView ViewOf(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        var path = context.Request.Path.Value ?? "";
        var below = path.StartsWith(Prefix, StringComparison.Ordinal) ? path[Prefix.Length..] : path;
        var query = context.Request.Query.Where(kv => kv.Key != "flash")
            .SelectMany(kv => kv.Value.Select(v => Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v ?? ""))).ToList();
        return new DashboardView
        {
            Base = BaseOf(context),
            Title = Options.Title,
            Permissions = Security.Access.PermissionsOf(context, Options),
            AntiforgeryField = tokens.FormFieldName,
            AntiforgeryToken = tokens.RequestToken ?? "",
            Here = (below.Length == 0 ? "/" : below) + (query.Count > 0 ? "?" + string.Join("&", query) : ""),
            Flash = context.Request.Query["flash"].ToString() is { Length: > 0 } flash ? flash : null,
            Monitoring = Control is not null,
            Redact = Options.RedactPayload is { } redact ? (task, json) => redact(context, task, json) : null,
        };
    }

    /// <summary>Back to the page a form came from (a path below the dashboard only: no open redirect), with a message.</summary>
    public IResult Back(HttpContext context, IFormCollection form, string flash, string fallback = "/")
    {
        var back = form["return"].ToString();
        if (back.Length == 0 || back[0] != '/' || back.StartsWith("//", StringComparison.Ordinal) || back.Contains('\\')) back = fallback;
        var separator = back.Contains('?') ? "&" : "?";
        return Results.Redirect(BaseOf(context) + back + separator + "flash=" + Uri.EscapeDataString(flash));
    }
}
