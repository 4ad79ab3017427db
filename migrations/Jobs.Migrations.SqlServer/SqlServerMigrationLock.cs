using Microsoft.Data.SqlClient;

namespace Jobs.Migrations;

/// <summary>
/// Serialises migrations of one schema across processes, so replicas that all migrate at start-up take turns
/// instead of failing on each other's half-made tables: a session-owned <c>sp_getapplock</c>, held by a connection of
/// its own (closing it releases the lock).
/// </summary>
internal static class SqlServerMigrationLock
{
    public static IDisposable Acquire(string connectionString, string schema)
    {
        var csb = new SqlConnectionStringBuilder(connectionString) { Pooling = false };
        var connection = new SqlConnection(csb.ConnectionString);
        try
        {
            connection.Open();
            using var command = new SqlCommand(
                "declare @r int; exec @r = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @timeout_ms; select @r;",
                connection);
            command.Parameters.Add("@resource", System.Data.SqlDbType.NVarChar, 255).Value = JobsDatabase.LockName(schema);
            command.Parameters.Add("@timeout_ms", System.Data.SqlDbType.Int).Value = (int)JobsDatabase.LockTimeout.TotalMilliseconds;
            command.CommandTimeout = (int)JobsDatabase.LockTimeout.TotalSeconds + 30;
            var result = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (result < 0)
                throw new InvalidOperationException(
                    $"Could not take the migration lock of schema \"{schema}\" within {JobsDatabase.LockTimeout.TotalMinutes:0} minutes (sp_getapplock returned {result}): another migrator holds it.");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
