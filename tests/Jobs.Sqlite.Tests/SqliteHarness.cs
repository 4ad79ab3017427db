using System.Data.Common;
using Jobs.Conformance;
using Jobs.Migrations;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite.Tests;

/// <summary>A fresh migrated SQLite file per test, deleted afterwards.</summary>
public sealed class SqliteHarness : StoreHarness
{
    private SqliteHarness(string path)
    {
        Path = path;
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path }.ConnectionString;
    }

    public string Path { get; }
    public string ConnectionString { get; }

    public static async Task<SqliteHarness> CreateAsync()
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jobs-sqlite-tests");
        Directory.CreateDirectory(dir);
        var harness = new SqliteHarness(System.IO.Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db"));
        await Task.Run(() => new JobsMigrator(JobsDatabase.Sqlite, harness.ConnectionString).MigrateUp());
        return harness;
    }

    public override void Configure(JobsOptions options) => options.UseSqlite(ConnectionString);

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    /// <summary>
    /// Through the <c>sqlite3</c> shell, as an operator would (it waits up to 10 s for the database lock). Where the
    /// shell is not installed, the same statement goes through Microsoft.Data.Sqlite, and the test output says so.
    /// </summary>
    public override async Task TamperAsync(string sql)
    {
        sql = sql.Replace("{job}", "job");
        if (SqliteShell.Path is { } shell)
        {
            await SqliteShell.RunAsync(shell, Path, sql);
            return;
        }
        Console.WriteLine("sqlite3 shell not found on PATH: tampering through Microsoft.Data.Sqlite instead.");
        await using var conn = (SqliteConnection)await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = (SqliteConnection)await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public override async Task SetJobAsync(Guid id, string state, DateTimeOffset? runAt = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        await using var conn = (SqliteConnection)await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "update job set state = @state, run_at = coalesce(@run_at, run_at), started_at = coalesce(@started_at, started_at), " +
            "finished_at = coalesce(@finished_at, finished_at) where id = @id";
        cmd.Parameters.AddWithValue("@id", id.ToString());
        cmd.Parameters.AddWithValue("@state", state);
        cmd.Parameters.AddWithValue("@run_at", SqliteTime.Parameter(runAt));
        cmd.Parameters.AddWithValue("@started_at", SqliteTime.Parameter(startedAt));
        cmd.Parameters.AddWithValue("@finished_at", SqliteTime.Parameter(finishedAt));
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"Job {id} not found.");
    }

    protected override async Task BackdateAsync(string table, IReadOnlyList<string> columns, TimeSpan by, IReadOnlyCollection<Guid>? ids)
    {
        // Times are ISO 8601 UTC text with milliseconds; strftime keeps that form after the date modifier.
        await using var conn = (SqliteConnection)await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        var set = string.Join(", ", columns.Select(c => $"{c} = case when {c} < '9999' then strftime('%Y-%m-%dT%H:%M:%fZ', {c}, @by) else {c} end"));
        var keys = ids?.Distinct().Select((id, i) => (Name: $"@id{i}", Value: id.ToString())).ToList();
        cmd.CommandText = $"update {table} set {set}" + (keys is null ? "" : $" where id in ({string.Join(", ", keys.Select(k => k.Name))})");
        cmd.Parameters.AddWithValue("@by", FormattableString.Invariant($"-{by.TotalSeconds:0.000} seconds"));
        foreach (var (name, value) in keys ?? []) cmd.Parameters.AddWithValue(name, value);
        var rows = await cmd.ExecuteNonQueryAsync();
        if (keys is not null && rows != keys.Count) throw new InvalidOperationException($"Backdated {rows} of {keys.Count} jobs: some were not found.");
    }

    public override async Task<DateTimeOffset> DbNowAsync()
    {
        await using var conn = (SqliteConnection)await OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
        return SqliteTime.Parse((string)(await cmd.ExecuteScalarAsync())!);
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".migrate-lock" })
            try { File.Delete(Path + suffix); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
