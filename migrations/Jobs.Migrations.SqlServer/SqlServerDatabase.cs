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

    internal override string ScriptNamespace => "Jobs.Migrations.SqlServer.Sql";
}
