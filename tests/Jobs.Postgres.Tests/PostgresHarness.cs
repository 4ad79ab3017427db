using System.Data.Common;
using Jobs.Conformance;
using Jobs.Migrations;
using Jobs.Postgres;
using Jobs.Testing;
using Npgsql;

namespace Jobs.Postgres.Tests;

/// <summary>A fresh migrated schema per test in one database of the shared test server.</summary>
public sealed class PostgresHarness : StoreHarness
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _database;

    private PostgresHarness(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    public string ConnectionString { get; }
    public string Schema { get; }

    public static async Task<PostgresHarness> CreateAsync(string? schema = null)
    {
        var cs = await DatabaseAsync();
        schema ??= "t_" + Guid.NewGuid().ToString("N")[..12];
        await Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, cs, schema).MigrateUp());
        return new PostgresHarness(cs, schema);
    }

    /// <summary>One database for this test process on the shared server (created once).</summary>
    public static async Task<string> DatabaseAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_database is null)
            {
                var server = await PostgresServer.SharedAsync();
                _database = await server.CreateDatabaseAsync();
            }
            return _database;
        }
        finally { Gate.Release(); }
    }

    public override void Configure(JobsOptions options) => options.UsePostgres(ConnectionString, o => o.Schema = Schema);

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A plain UPDATE over Npgsql, as psql would send it.</summary>
    public override Task TamperAsync(string sql) => ExecuteAsync(sql.Replace("{job}", $"\"{Schema.Replace("\"", "\"\"")}\".job"));

    public override string BytesLiteral(byte[] bytes) => "'\\x" + Convert.ToHexStringLower(bytes) + "'::bytea";

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var conn = await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public override async Task SetJobAsync(Guid id, string state, DateTimeOffset? runAt = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        await using var conn = (NpgsqlConnection)await OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand(
            $"update \"{Schema.Replace("\"", "\"\"")}\".job set state = @state, run_at = coalesce(@run_at, run_at), " +
            "started_at = coalesce(@started_at, started_at), finished_at = coalesce(@finished_at, finished_at) where id = @id", conn);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.AddWithValue("state", state);
        foreach (var (name, value) in new[] { ("run_at", runAt), ("started_at", startedAt), ("finished_at", finishedAt) })
            cmd.Parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.ToUniversalTime() : DBNull.Value });
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"Job {id} not found.");
    }

    protected override async Task BackdateAsync(string table, IReadOnlyList<string> columns, TimeSpan by, IReadOnlyCollection<Guid>? ids)
    {
        await using var conn = (NpgsqlConnection)await OpenConnectionAsync();
        var set = string.Join(", ", columns.Select(c => $"{c} = case when {c} < timestamptz '9999-01-01 00:00:00+00' then {c} - @by else {c} end"));
        await using var cmd = new NpgsqlCommand(
            $"update \"{Schema.Replace("\"", "\"\"")}\".{table} set {set}" + (ids is null ? "" : " where id = any(@ids)"), conn);
        cmd.Parameters.AddWithValue("by", by);
        if (ids is not null) cmd.Parameters.AddWithValue("ids", ids.ToArray());
        var rows = await cmd.ExecuteNonQueryAsync();
        if (ids is not null && rows != ids.Distinct().Count()) throw new InvalidOperationException($"Backdated {rows} of {ids.Count} jobs: some were not found.");
    }

    public override async Task<DateTimeOffset> DbNowAsync() => new(await ScalarAsync<DateTime>("select statement_timestamp()"), TimeSpan.Zero);

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"drop schema if exists \"{Schema.Replace("\"", "\"\"")}\" cascade");
    }
}
