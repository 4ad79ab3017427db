using Npgsql;

namespace Jobs.Migrations;

/// <summary>
/// Serialises migrations of one schema across processes, so replicas that all migrate at start-up take turns
/// instead of failing on each other's half-made tables: a session advisory lock, held by a connection of its own.
/// </summary>
internal static class PostgresMigrationLock
{
    public static IDisposable Acquire(string connectionString, string schema)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new NpgsqlConnection(csb.ConnectionString);
        try
        {
            connection.Open();
            using var command = new NpgsqlCommand("select pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", JobsDatabase.LockKey(schema));
            command.CommandTimeout = (int)JobsDatabase.LockTimeout.TotalSeconds;
            command.ExecuteNonQuery();
            return connection; // closing the session releases the lock
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
