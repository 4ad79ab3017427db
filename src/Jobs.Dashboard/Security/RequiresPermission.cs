namespace Jobs.Dashboard.Security;

/// <summary>Endpoint metadata: the permission a write needs (checked by <see cref="AccessFilter"/>).</summary>
internal sealed record RequiresPermission(DashboardPermissions Permission);
