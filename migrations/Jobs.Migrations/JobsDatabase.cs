namespace Jobs.Migrations;

/// <summary>The databases Jobs can migrate.</summary>
public enum JobsDatabase
{
    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,
}
