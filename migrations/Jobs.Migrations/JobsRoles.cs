using Jobs.Storage;

namespace Jobs.Migrations;

/// <summary>The names of a schema's least-privilege group roles (see <see cref="JobsMigrator.CreateRoles"/>).</summary>
/// <param name="Client">Enqueues and reads results.</param>
/// <param name="Worker">Runs jobs: reads and writes rows, no DDL.</param>
/// <param name="Admin">What the console and the dashboard do, no DDL.</param>
public sealed record JobsRoles(string Client, string Worker, string Admin)
{
    /// <summary>The role names for <paramref name="prefix"/>: <c>PREFIX_client</c>, <c>PREFIX_worker</c>, <c>PREFIX_admin</c>.</summary>
    internal static JobsRoles For(string prefix)
    {
        if (string.IsNullOrWhiteSpace(prefix)) throw new ArgumentException("The role prefix must not be empty.", nameof(prefix));
        if (prefix.Length > SchemaName.MaxLength) throw new ArgumentException($"The role prefix '{prefix}' is longer than {SchemaName.MaxLength} characters.", nameof(prefix));
        return new(RoleName(prefix + "_client"), RoleName(prefix + "_worker"), RoleName(prefix + "_admin"));
    }

    /// <summary>Checks a role or login name: not empty, at most 63 characters (PostgreSQL's identifiers), no control characters.</summary>
    internal static string RoleName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A role name must not be empty.", nameof(name));
        if (name.Length > 63) throw new ArgumentException($"The role name '{name}' is longer than 63 characters.", nameof(name));
        if (name.Any(char.IsControl)) throw new ArgumentException("A role name must not contain control characters.", nameof(name));
        if (name.Contains('$', StringComparison.Ordinal)) throw new ArgumentException($"The role name '{name}' must not contain '$'.", nameof(name));
        return name;
    }
}
