using FluentMigrator.Runner.VersionTableInfo;

namespace Jobs.Migrations;

/// <summary>
/// FluentMigrator's applied-migrations table: inside the Jobs schema (which it creates and owns) where the database has
/// schemas (PostgreSQL); in the main database where it has none (SQLite: <paramref name="schema"/> null).
/// </summary>
internal sealed class VersionTable(string? schema) : IVersionTableMetaData
{
    public bool OwnsSchema => schema is not null;
    public string SchemaName => schema ?? "";
    public string TableName => "version_info";
    public string ColumnName => "version";
    public string DescriptionColumnName => "description";
    public string UniqueIndexName => "version_info_version_uix";
    public string AppliedOnColumnName => "applied_on";
    public bool CreateWithPrimaryKey => false;
}
