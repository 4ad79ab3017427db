using Jobs.Migrations;
using Jobs.Postgres;
using Jobs.Sqlite;
using Jobs.Testing;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Jobs.Dashboard.Tests.Infrastructure;

/// <summary>A fresh migrated database for one test: a SQLite file, or a schema in this process's PostgreSQL test database.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract string Name { get; }
    public abstract void Configure(JobsOptions options);
    /// <summary>The <c>jobs</c> console's options for this database.</summary>
    public abstract IReadOnlyList<string> CliOptions { get; }
    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(string kind) => kind switch
    {
        "sqlite" => await SqliteDatabase.CreateAsync(),
        "postgres" => await PostgresDatabase.CreateAsync(),
        _ => throw new ArgumentException(kind),
    };

    private sealed class SqliteDatabase(string path) : TestDatabase
    {
        private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString;
        public override string Name => "sqlite";

        public static async Task<TestDatabase> CreateAsync()
        {
            var dir = Path.Combine(Path.GetTempPath(), "jobs-dashboard-tests");
            Directory.CreateDirectory(dir);
            var db = new SqliteDatabase(Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db"));
            await Task.Run(() => new JobsMigrator(JobsDatabase.Sqlite, db.ConnectionString).MigrateUp());
            return db;
        }

        public override void Configure(JobsOptions options) => options.UseSqlite(ConnectionString);
        public override IReadOnlyList<string> CliOptions => ["--provider", "sqlite", "--connection", ConnectionString];

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm", ".migrate-lock" })
                try { File.Delete(path + suffix); } catch (IOException) { }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresDatabase(string connectionString, string schema) : TestDatabase
    {
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static string? _database;
        public override string Name => "postgres";

        public static async Task<TestDatabase> CreateAsync()
        {
            await Gate.WaitAsync();
            try { _database ??= await (await PostgresServer.SharedAsync()).CreateDatabaseAsync(); }
            finally { Gate.Release(); }
            var schema = "d_" + Guid.NewGuid().ToString("N")[..12];
            await Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, _database, schema).MigrateUp());
            return new PostgresDatabase(_database, schema);
        }

        public override void Configure(JobsOptions options) => options.UsePostgres(connectionString, o => o.Schema = schema);
        public override IReadOnlyList<string> CliOptions => ["--provider", "postgres", "--connection", connectionString, "--schema", schema];

        public override async ValueTask DisposeAsync()
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
