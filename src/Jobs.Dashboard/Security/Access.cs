using Microsoft.AspNetCore.Http;

namespace Jobs.Dashboard.Security;

/// <summary>What the viewer of a request may do, and who they are.</summary>
internal static class Access
{
    public static DashboardPermissions PermissionsOf(HttpContext context, DashboardOptions options)
    {
        if (options.ReadOnly) return DashboardPermissions.View;
        return options.Permissions?.Invoke(context) ?? DashboardPermissions.All;
    }

    public static string UserOf(HttpContext context, DashboardOptions options)
    {
        if (options.UserName is { } name) return name(context);
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } user }) return user;
        return $"anonymous ({context.Connection.RemoteIpAddress?.ToString() ?? "unknown address"})";
    }
}
