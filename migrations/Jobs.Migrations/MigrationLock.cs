using Jobs.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jobs.Migrations;

/// <summary>
/// Serialises migrations of one database across processes, so replicas that all migrate at start-up take turns
/// instead of failing on each other's half-made tables: a session advisory lock on PostgreSQL, an exclusive lock
/// file beside the database file on SQLite.
/// </summary>
internal static class MigrationLock
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public static IDisposable Acquire(JobsDatabase database, string connectionString, string schema) => database switch
    {
        JobsDatabase.Postgres => AcquirePostgres(connectionString, schema),
        JobsDatabase.Sqlite => AcquireSqliteFile(connectionString),
        _ => throw new NotSupportedException($"Database {database} is not supported."),
    };

    private static IDisposable AcquirePostgres(string connectionString, string schema)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            connection.Open();
            using var command = new NpgsqlCommand("select pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", LockKey.For("jobs.migrate:" + schema));
            command.CommandTimeout = (int)Timeout.TotalSeconds;
            command.ExecuteNonQuery();
            return connection; // closing the session releases the lock
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static IDisposable AcquireSqliteFile(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:") return new NoLock();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // The file stays behind: deleting it on close would let a waiter lock an unlinked file while a
                // newcomer locks its replacement.
                return new FileStream(Path.GetFullPath(file) + ".migrate-lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < Timeout)
            {
                Thread.Sleep(100); // another process is migrating; a lock file has no wait primitive
            }
        }
    }

    private sealed class NoLock : IDisposable { public void Dispose() { } }
}
