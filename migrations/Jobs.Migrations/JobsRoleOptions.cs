namespace Jobs.Migrations;

/// <summary>What <see cref="JobsMigrator.CreateRoles"/> creates and grants (README "Least-privilege deployment").</summary>
public sealed class JobsRoleOptions
{
    /// <summary>
    /// The start of the role names (<c>PREFIX_client</c>, <c>PREFIX_worker</c>, <c>PREFIX_admin</c>). Default: the schema's
    /// name, so schema <c>jobs</c> gets <c>jobs_client</c>, <c>jobs_worker</c> and <c>jobs_admin</c>.
    /// </summary>
    public string? Prefix { get; set; }

    /// <summary>Existing logins (or roles) to make members of the client role.</summary>
    public IList<string> ClientLogins { get; } = [];

    /// <summary>Existing logins (or roles) to make members of the worker role.</summary>
    public IList<string> WorkerLogins { get; } = [];

    /// <summary>Existing logins (or roles) to make members of the admin role.</summary>
    public IList<string> AdminLogins { get; } = [];
}
