using FluentMigrator.Runner;

namespace Jobs.Migrations;

/// <summary>PostgreSQL (Npgsql): the Jobs tables and the version table live in their own schema.</summary>
internal sealed class PostgresDatabase : JobsDatabase
{
    public static readonly PostgresDatabase Instance = new();

    private PostgresDatabase() { }

    public override string Name => "PostgreSQL";

    internal override void ConfigureRunner(IMigrationRunnerBuilder runner) => runner.AddPostgres();

    internal override IDisposable AcquireLock(string connectionString, string schema) => PostgresMigrationLock.Acquire(connectionString, schema);

    internal override bool HasSchemas => true;

    internal override string ScriptNamespace => "Jobs.Migrations.Postgres.Sql";
}
