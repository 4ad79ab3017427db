using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;

namespace Jobs.SqlServer.Tests;

/// <summary>
/// The SQL Server the conformance suite runs against: <c>JOBS_TEST_SQLSERVER</c> (a connection string), else a
/// throwaway container (Testcontainers.MsSql) where a Docker daemon answers, else none: those tests are skipped.
/// </summary>
internal static class SqlServerTarget
{
    public const string Variable = "JOBS_TEST_SQLSERVER";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _connectionString;
    private static MsSqlContainer? _container;

    /// <summary>Why the server tests are skipped here, or null when a server is available.</summary>
    public static string? SkipReason
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))) return null;
            if (DockerAvailable()) return null;
            return $"No SQL Server here: set {Variable} to a connection string (a login that may create schemas), or run where Docker is available.";
        }
    }

    /// <summary>The server's connection string (starting the container once, when that is the source).</summary>
    public static async Task<string> ConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_connectionString is not null) return _connectionString;
            var configured = Environment.GetEnvironmentVariable(Variable);
            if (!string.IsNullOrWhiteSpace(configured)) return _connectionString = configured;
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var csb = new SqlConnectionStringBuilder(_container.GetConnectionString()) { TrustServerCertificate = true };
            return _connectionString = csb.ConnectionString;
        }
        finally { Gate.Release(); }
    }

    private static bool DockerAvailable()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (!string.IsNullOrEmpty(host) && !host.StartsWith("unix://", StringComparison.Ordinal)) return true;
        var path = string.IsNullOrEmpty(host) ? "/var/run/docker.sock" : host["unix://".Length..];
        if (!File.Exists(path)) return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException) { return false; }
    }
}
