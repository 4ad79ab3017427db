using FluentMigrator.Runner;
using Microsoft.Data.Sqlite;

namespace Jobs.Migrations;

/// <summary>SQLite (Microsoft.Data.Sqlite): no schemas, so the Jobs tables and the version table live in the main database.</summary>
internal sealed class SqliteDatabase : JobsDatabase
{
    public static readonly SqliteDatabase Instance = new();

    private SqliteDatabase() { }

    public override string Name => "SQLite";

    internal override void ConfigureRunner(IMigrationRunnerBuilder runner) => runner.AddSQLite();

    internal override IDisposable AcquireLock(string connectionString, string schema) => SqliteMigrationLock.Acquire(connectionString);

    internal override bool HasSchemas => false;

    /// <summary>
    /// Write-ahead logging lets readers run while one writer commits, which workers in several processes need.
    /// The mode is stored in the file, so setting it once at migration is enough; it cannot change inside a transaction.
    /// </summary>
    internal override string SetupSql => "pragma journal_mode = wal;";

    internal override void Setup(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = SetupSql;
        command.ExecuteNonQuery();
    }

    internal override string ScriptNamespace => "Jobs.Migrations.Sqlite.Sql";

    internal override string RolesUnsupportedReason =>
        "SQLite has no roles: every process that opens the file can do everything. Give the worker and client accounts "
        + "read and write permission on the database file, its -wal and -shm files and their directory, and no one else "
        + "(README \"Least-privilege deployment\").";
}
