using Jobs.Testing;
using Npgsql;

namespace Jobs.Bench;

/// <summary>
/// The PostgreSQL server every system is measured on: the one given by <c>--postgres</c>, or a throwaway cluster
/// from the local binaries with the server's default settings (fsync and synchronous commit on), as the workload
/// asks. Each system gets a fresh database of its own.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    /// <summary>Default durability; pg_stat_statements is loaded so that a run can be profiled.</summary>
    private static readonly string[] ClusterSettings = ["max_connections=200", "shared_preload_libraries=pg_stat_statements"];

    private readonly PostgresServer? _owned;
    private readonly List<string> _created = [];

    private BenchDatabase(string serverConnectionString, PostgresServer? owned, string description)
    {
        ServerConnectionString = serverConnectionString;
        _owned = owned;
        Description = description;
    }

    public string ServerConnectionString { get; }
    public string Description { get; }

    public static async Task<BenchDatabase> OpenAsync(string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new BenchDatabase(connectionString, null, "given server");
        var server = await PostgresServer.StartLocalClusterAsync(ClusterSettings);
        return new BenchDatabase(server.ConnectionString, server, "throwaway local cluster (" + string.Join(", ", ClusterSettings) + ", other settings default)");
    }

    /// <summary>Creates a fresh database named after <paramref name="system"/> and returns an Npgsql connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string system)
    {
        var name = "bench_" + new string(system.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_').ToArray());
        await using (var conn = new NpgsqlConnection(ServerConnectionString))
        {
            await conn.OpenAsync();
            await using (var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"create database \"{name}\"", conn)) await create.ExecuteNonQueryAsync();
        }
        _created.Add(name);
        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>The server's version string.</summary>
    public async Task<string> ServerVersionAsync()
    {
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        return "PostgreSQL " + conn.PostgreSqlVersion;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_owned is not null) { await _owned.DisposeAsync(); return; }
        // On a server we were given, leave nothing behind.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        foreach (var name in _created)
        {
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
