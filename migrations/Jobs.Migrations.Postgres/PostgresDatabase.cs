using FluentMigrator.Runner;
using Npgsql;

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

    internal override string? RolesScriptResource => "Jobs.Migrations.Postgres.Roles.roles.sql";

    internal override void ExecuteRolesScript(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand(sql, connection, transaction)) command.ExecuteNonQuery();
        transaction.Commit();
    }
}
