using FluentMigrator.Runner;

namespace Jobs.Migrations;

/// <summary>SQL Server (Microsoft.Data.SqlClient): the Jobs tables and the version table live in their own schema.</summary>
internal sealed class SqlServerDatabase : JobsDatabase
{
    public static readonly SqlServerDatabase Instance = new();

    private SqlServerDatabase() { }

    public override string Name => "SQL Server";

    internal override void ConfigureRunner(IMigrationRunnerBuilder runner) => runner.AddSqlServer2016();

    internal override IDisposable AcquireLock(string connectionString, string schema) => SqlServerMigrationLock.Acquire(connectionString, schema);

    internal override bool HasSchemas => true;

    /// <summary>The schema and FluentMigrator's version table (as its SQL Server processor creates them), each in a batch of its own.</summary>
    internal override string FullScriptPreamble(string schema)
    {
        var name = "[" + schema.Replace("]", "]]") + "]";
        var literal = schema.Replace("'", "''");
        return $"""
            -- The schema and the version table (FluentMigrator's version_info), which a connected 'migrate up' creates first.
            if schema_id(N'{literal}') is null exec (N'create schema {name.Replace("'", "''")}');
            GO
            create table {name}.[version_info] ([version] bigint not null, [applied_on] datetime, [description] nvarchar(1024));
            create unique clustered index [version_info_version_uix] on {name}.[version_info] ([version] asc);
            GO
            """;
    }

    internal override string ScriptNamespace => "Jobs.Migrations.SqlServer.Sql";

    internal override string RolesUnsupportedReason =>
        "Least-privilege roles are not made for SQL Server yet; they will come through the same command (jobs migrate roles).";
}
