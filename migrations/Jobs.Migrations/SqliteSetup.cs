using Microsoft.Data.Sqlite;

namespace Jobs.Migrations;

/// <summary>Database-wide SQLite settings that cannot change inside a migration's transaction.</summary>
internal static class SqliteSetup
{
    /// <summary>
    /// Write-ahead logging lets readers run while one writer commits, which workers in several processes need.
    /// The mode is stored in the file, so setting it once at migration is enough.
    /// </summary>
    public static void UseWriteAheadLog(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "pragma journal_mode = wal;";
        command.ExecuteNonQuery();
    }
}
