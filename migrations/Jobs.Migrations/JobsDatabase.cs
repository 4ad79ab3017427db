namespace Jobs.Migrations;

/// <summary>The databases Jobs can migrate.</summary>
public enum JobsDatabase
{
    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,
    /// <summary>SQLite (Microsoft.Data.Sqlite). SQLite has no schemas: the tables live in the main database.</summary>
    Sqlite,
}
