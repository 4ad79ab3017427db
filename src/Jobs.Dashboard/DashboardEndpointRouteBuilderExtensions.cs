using Jobs.Dashboard.Endpoints;
using Jobs.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard;

/// <summary>Mounts the dashboard in a host: <c>app.MapJobsDashboard("/jobs")</c> after <c>services.AddJobsDashboard()</c>.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard's pages, actions, live stream and assets below <paramref name="prefix"/> (any path; the host's
    /// path base is honoured). Returns the group, for further conventions (<c>.RequireHost(...)</c>, rate limiting).
    /// </summary>
    public static RouteGroupBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/jobs")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var services = endpoints.ServiceProvider;
        var options = services.GetService<DashboardOptions>()
            ?? throw new InvalidOperationException("The Jobs dashboard is not registered: call services.AddJobsDashboard() after services.AddJobs(...).");
        if (services.GetService<JobAdmin>() is null)
            throw new InvalidOperationException("The Jobs dashboard needs Jobs: call services.AddJobs(...) with a store (UsePostgres, UseSqlite).");
        var normalized = "/" + prefix.Trim('/');
        var app = new DashboardApp(normalized == "/" ? "" : normalized, services);
        var group = endpoints.MapGroup(app.Prefix);
        group.AddEndpointFilter(new AccessFilter(options, services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        if (options.AuthorizationPolicy is { } policy) group.RequireAuthorization(policy);
        group.ExcludeFromDescription();
        PageEndpoints.Map(group, app);
        JobActionEndpoints.Map(group, app);
        QueueActionEndpoints.Map(group, app);
        ScheduleActionEndpoints.Map(group, app);
        LiveEndpoints.Map(group, app);
        return group;
    }
}
