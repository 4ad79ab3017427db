using Npgsql;

namespace Jobs.Testing;

/// <summary>
/// How many connections a test process holds on the shared PostgreSQL server at most, and the check that a
/// <c>JOBS_TEST_POSTGRES</c> server has them. Measured (pg_stat_activity sampled every 50 ms through whole runs):
/// an in-process conformance test holds up to about 20 (a client and a few worker hosts, each store with two data
/// sources capped at <see cref="PostgresServer.MaxPoolSize"/> and a LISTEN connection; measured when stores had three
/// data sources and two LISTEN connections, so these are upper bounds); the worker-process tests
/// about 56 (one at a time, see Jobs.Postgres.Tests' WorkerProcessesCollection); a console test about 18. xunit
/// runs two tests at a time (xunit.runner.json), so a run stays below about 76: PostgreSQL's default
/// <c>max_connections</c> of 100 leaves room for the reserved superuser slots and a few other clients.
/// </summary>
public static class ConnectionBudget
{
    /// <summary>The connections a test run needs free on the server (the worst pair of tests, with a margin).</summary>
    public const int Required = 80;

    /// <summary>
    /// Throws with an explanation when the server at <paramref name="connectionString"/> cannot take
    /// <see cref="Required"/> more connections (max_connections, less the slots reserved for superusers when we are not
    /// one, less the connections already open), instead of letting tests fail later with 53300 "too many clients".
    /// </summary>
    public static async Task CheckAsync(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var conn = new NpgsqlConnection(csb.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int, " +
            "(select rolsuper from pg_roles where rolname = current_user), " +
            "(select count(*)::int from pg_stat_activity where backend_type = 'client backend')", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        var max = reader.GetInt32(0);
        var reserved = reader.GetBoolean(2) ? 0 : reader.GetInt32(1);
        var open = reader.GetInt32(3);
        var free = max - reserved - open;
        if (free < Required)
            throw new InvalidOperationException(
                $"The {PostgresServer.EnvironmentVariable} server has {free} free connections (max_connections {max}" +
                (reserved > 0 ? $", {reserved} reserved for superusers" : "") + $", {open} open, this check's included); " +
                $"the tests hold up to {Required} at once. Raise max_connections (PostgreSQL's default, 100, is enough " +
                "for a server the tests have to themselves), close the other clients, or unset " +
                $"{PostgresServer.EnvironmentVariable} to let the tests start a throwaway server.");
    }
}
