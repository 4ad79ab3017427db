using Npgsql;
using Testcontainers.PostgreSql;

namespace Jobs.Testing;

/// <summary>Where a test PostgreSQL server came from.</summary>
public enum PostgresServerMode
{
    /// <summary>The server named by <c>JOBS_TEST_POSTGRES</c>.</summary>
    Environment,
    /// <summary>A Testcontainers container (Docker is available).</summary>
    Container,
    /// <summary>A throwaway cluster started from the local PostgreSQL binaries.</summary>
    LocalCluster,
}

/// <summary>
/// A PostgreSQL server for tests: <c>JOBS_TEST_POSTGRES</c> when set, else a Testcontainers container when Docker
/// answers, else a throwaway cluster from the local binaries (run as the <c>postgres</c> user when we are root).
/// When none is possible it throws; tests never pass by skipping.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The environment variable holding a connection string to an existing server.</summary>
    public const string EnvironmentVariable = "JOBS_TEST_POSTGRES";

    private static readonly SemaphoreSlim SharedGate = new(1, 1);
    private static PostgresServer? _shared;

    private readonly PostgreSqlContainer? _container;
    private readonly LocalPostgresCluster? _cluster;
    private readonly List<string> _databases = [];
    private readonly bool _isShared;

    private PostgresServer(PostgresServerMode mode, string connectionString, PostgreSqlContainer? container, LocalPostgresCluster? cluster, bool isShared)
    {
        Mode = mode;
        ConnectionString = connectionString;
        _container = container;
        _cluster = cluster;
        _isShared = isShared;
    }

    /// <summary>How the server was obtained.</summary>
    public PostgresServerMode Mode { get; }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server shared by every test of this process. Stopped when the process exits.</summary>
    public static async Task<PostgresServer> SharedAsync()
    {
        await SharedGate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var env = System.Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (!string.IsNullOrWhiteSpace(env)) await ConnectionBudget.CheckAsync(env);
                _shared = string.IsNullOrWhiteSpace(env)
                    ? await StartOwnedAsync(isShared: true)
                    : new PostgresServer(PostgresServerMode.Environment, env, null, null, isShared: true);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => _shared?.StopShared();
            }
            return _shared;
        }
        finally { SharedGate.Release(); }
    }

    /// <summary>
    /// A server owned by the caller alone, which it may restart: a container or a local cluster, never the
    /// <c>JOBS_TEST_POSTGRES</c> server (restarting someone else's server is not ours to do).
    /// </summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartOwnedAsync(isShared: false);

    /// <summary>
    /// A throwaway cluster from the local PostgreSQL binaries with the given server settings (<c>name=value</c>),
    /// owned by the caller (the benchmark runs on default durability, unlike the tests). Throws when the binaries
    /// are missing.
    /// </summary>
    public static async Task<PostgresServer> StartLocalClusterAsync(IReadOnlyList<string> settings)
    {
        var bin = LocalPostgresCluster.FindBinaries()
            ?? throw new InvalidOperationException("No PostgreSQL server binaries (apt-get install -y postgresql).");
        var cluster = await LocalPostgresCluster.StartAsync(bin, settings);
        return new PostgresServer(PostgresServerMode.LocalCluster, cluster.ConnectionString, null, cluster, isShared: false);
    }

    private static async Task<PostgresServer> StartOwnedAsync(bool isShared)
    {
        var dockerError = default(Exception);
        if (DockerProbe.Available())
        {
            try
            {
                var container = new PostgreSqlBuilder("postgres:15-alpine")
                    .WithCommand("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off") // max_connections: the default, 100
                    .Build();
                await container.StartAsync();
                return new PostgresServer(PostgresServerMode.Container, container.GetConnectionString(), container, null, isShared);
            }
            catch (Exception ex) { dockerError = ex; }
        }

        if (LocalPostgresCluster.FindBinaries() is { } bin)
        {
            var cluster = await LocalPostgresCluster.StartAsync(bin);
            return new PostgresServer(PostgresServerMode.LocalCluster, cluster.ConnectionString, null, cluster, isShared);
        }

        throw new InvalidOperationException(
            $"No PostgreSQL server for the tests: set {EnvironmentVariable} to a connection string, run Docker, " +
            "or install the server binaries (apt-get install -y postgresql; ./test.sh does this)." +
            (dockerError is null ? "" : $" Docker was found but the container failed: {dockerError.Message}"));
    }

    /// <summary>
    /// The <c>Maximum Pool Size</c> of the connection strings <see cref="CreateDatabaseAsync"/> hands out. Npgsql's
    /// default is 100 per data source, and every store opens two data sources (its autocommit statements, its
    /// transactions and unprepared reads) plus a LISTEN connection: one test that runs 200 completions at once could
    /// take a default server's whole <c>max_connections</c> (100) by itself. Capped, a test holds about 20 at most
    /// (see <see cref="ConnectionBudget"/>).
    /// </summary>
    public const int MaxPoolSize = 10;

    /// <summary>Creates a fresh database and returns a connection string to it (pools capped at <see cref="MaxPoolSize"/>).</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "jobs_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var conn = new NpgsqlConnection(ConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database \"{name}\"", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        lock (_databases) _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name, MaxPoolSize = MaxPoolSize }.ConnectionString;
    }

    /// <summary>Stops the server (fast shutdown, by PID) and starts it again on the same port and data.</summary>
    public async Task RestartAsync()
    {
        if (_cluster is not null) await _cluster.RestartAsync();
        else if (_container is not null)
        {
            await _container.StopAsync();
            await _container.StartAsync();
        }
        else throw new InvalidOperationException($"The {EnvironmentVariable} server is not ours to restart; use StartDedicatedAsync.");
    }

    /// <summary>Stops and removes a dedicated server, or drops the databases created on the environment's server.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared) return; // the shared server lives until the process exits
        await StopAsync();
    }

    private async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null) _cluster.Dispose();
        else if (_container is not null) await _container.DisposeAsync();
        else await DropDatabasesAsync();
    }

    private void StopShared()
    {
        try { StopAsync().GetAwaiter().GetResult(); }
        catch (Exception ex) { Console.Error.WriteLine($"Stopping the test PostgreSQL server failed: {ex.Message}"); }
    }

    private async Task DropDatabasesAsync()
    {
        string[] names;
        lock (_databases) names = [.. _databases];
        if (names.Length == 0) return;
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync();
        foreach (var name in names)
        {
            await using var cmd = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
