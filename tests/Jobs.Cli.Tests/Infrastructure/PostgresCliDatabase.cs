using Jobs.Testing;
using Npgsql;

namespace Jobs.Cli.Tests.Infrastructure;

/// <summary>A fresh database on the shared test PostgreSQL server (tables in the default schema, jobs).</summary>
public sealed class PostgresCliDatabase : CliDatabase
{
    private PostgresCliDatabase(string connectionString) => ConnectionString = connectionString;

    public static async Task<PostgresCliDatabase> CreateAsync()
        => new(await (await PostgresServer.SharedAsync()).CreateDatabaseAsync());

    public override string Provider => "postgres";

    public override string ConnectionString { get; }

    public override string[] UnmigratedArgs() => ["--schema", "not_migrated"];

    public override string[] UnreachableArgs() => ["--connection", "Host=127.0.0.1;Port=1;Username=postgres;Timeout=5"];

    public override async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{job}", "jobs.job"), connection);
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
