namespace Jobs.Dashboard;

/// <summary>What a dashboard viewer may do. <see cref="View"/> alone is read-only.</summary>
[Flags]
public enum DashboardPermissions
{
    /// <summary>Nothing: every page answers 403.</summary>
    None = 0,
    /// <summary>Read every page.</summary>
    View = 1,
    /// <summary>Retry failed and revoked jobs.</summary>
    Retry = 2,
    /// <summary>Revoke (cancel) waiting and running jobs, terminate included.</summary>
    Revoke = 4,
    /// <summary>Delete jobs.</summary>
    Delete = 8,
    /// <summary>Pause and resume queues.</summary>
    Pause = 16,
    /// <summary>Set and clear rate and concurrency limits.</summary>
    Limits = 32,
    /// <summary>Add, edit, enable, disable, trigger and remove schedules.</summary>
    Schedules = 64,
    /// <summary>Everything.</summary>
    All = View | Retry | Revoke | Delete | Pause | Limits | Schedules,
}
