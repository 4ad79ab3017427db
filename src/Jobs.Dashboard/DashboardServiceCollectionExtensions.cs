using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Data;
using Jobs.Dashboard.Live;
using Jobs.Dashboard.Rendering;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Dashboard;

/// <summary>Registers the dashboard's services: <c>services.AddJobs(...)</c>, then <c>services.AddJobsDashboard()</c>.</summary>
public static class DashboardServiceCollectionExtensions
{
    /// <summary>Adds the dashboard (and ASP.NET Core antiforgery and authorization), configured by <paramref name="configure"/>.</summary>
    public static IServiceCollection AddJobsDashboard(this IServiceCollection services, Action<DashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new DashboardOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddAntiforgery();
        services.AddAuthorization();
        services.AddSingleton<DashboardCache>();
        services.AddSingleton<EventBroadcaster>();
        services.AddSingleton<BulkOperations>();
        services.AddSingleton<ActionRecorder>();
        services.AddSingleton<PageRenderer>();
        return services;
    }
}
