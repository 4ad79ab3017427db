using FluentMigrator.Runner.VersionTableInfo;

namespace Jobs.Migrations;

/// <summary>FluentMigrator's applied-migrations table, kept inside the Jobs schema (which it creates and owns).</summary>
internal sealed class VersionTable(string schema) : IVersionTableMetaData
{
    public bool OwnsSchema => true;
    public string SchemaName => schema;
    public string TableName => "version_info";
    public string ColumnName => "version";
    public string DescriptionColumnName => "description";
    public string UniqueIndexName => "version_info_version_uix";
    public string AppliedOnColumnName => "applied_on";
    public bool CreateWithPrimaryKey => false;
}
