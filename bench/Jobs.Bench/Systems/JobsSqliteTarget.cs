using Jobs.Bench.Admin;
using Jobs.Migrations;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Bench.Systems;

/// <summary>Jobs on the embedded SQLite default (WAL), a fresh file per scenario.</summary>
internal sealed class JobsSqliteTarget : IJobsTarget
{
    private readonly string _name;
    private readonly string _dir;
    private string _cs = "";
    private int _generation;

    /// <param name="name">The system's name (a signed variant has its own, and its own folder).</param>
    public JobsSqliteTarget(string name = "jobs-sqlite")
    {
        _name = name;
        _dir = Path.Combine(Path.GetTempPath(), $"jobs-bench-{name}-{Environment.ProcessId}");
        // Scenario A leaves a database of 1,000,000 jobs (about 365 MB): the folder goes when the bench process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveFiles();
    }

    private void RemoveFiles()
    {
        SqliteConnection.ClearAllPools();
        try { if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true); }
        catch (IOException ex) { Console.Error.WriteLine($"bench: could not remove {_dir}: {ex.Message}"); }
    }

    public string Name => _name;
    public string Version => "Jobs " + JobsVersion.Text + ", SQLite " + SqliteVersion();
    public JobsWorkerLayout Layout { get; } = new JobsWorkerLayout(Workers: 1, Concurrency: 250, Prefetch: 2).OrOverride();

    public Task PrepareAsync(BenchRun run) => ResetAsync();

    public async Task ResetAsync()
    {
        RemoveFiles();
        Directory.CreateDirectory(_dir);
        _cs = $"Data Source={Path.Combine(_dir, $"jobs{++_generation}.db")}";
        await Task.Run(() => new JobsMigrator(JobsDatabase.Sqlite, _cs).MigrateUp());
    }

    public void Configure(JobsOptions options) => options.UseSqlite(_cs);

    public async Task<long> CountSucceededAsync()
    {
        await using var conn = new SqliteConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "select count(*) from job where state = 'SUCCESS'";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task LoadAdminJobsAsync(int jobs)
    {
        await using var conn = new SqliteConnection(_cs);
        await conn.OpenAsync();
        await using var tx = conn.BeginTransaction();
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandTimeout = 0;
        cmd.CommandText = AdminSql.Load("sqlite");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        cmd.Parameters.AddWithValue("@n", jobs);
        cmd.Parameters.AddWithValue("@start_ms", now - 86_400_000);
        cmd.Parameters.AddWithValue("@now_ms", now);
        await cmd.ExecuteNonQueryAsync();
        // The store inserts no finished job, so SQLite's counts (migration 11) have no insert trigger: rebuild them
        // as README "Tables" says to after such an insert. Before migration 11 there is no job_count.
        cmd.Parameters.Clear();
        cmd.CommandText = "select count(*) from sqlite_master where name = 'job_count'";
        if ((long)(await cmd.ExecuteScalarAsync())! == 1)
        {
            cmd.CommandText = AdminSql.Load("sqlite.rebuild");
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    public async Task<string> ExplainAdminAsync(string op, JobSearch? search)
    {
        var store = typeof(SqliteJobsOptionsExtensions).Assembly;
        // As SqliteSql renders them: {failed} is job_list.failed.sql for a search of FAILURE or REVOKED jobs only.
        var failedOnly = search?.States is { Count: > 0 } asked && asked.All(s => s is JobState.Failure or JobState.Revoked);
        var sql = AdminSql.Statement(store, "Jobs.Sqlite", AdminSql.StatementName(search, op), new Dictionary<string, string>
        {
            ["now"] = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
            ["failed"] = failedOnly ? AdminSql.Statement(store, "Jobs.Sqlite", "job_list.failed", new Dictionary<string, string>()) : "",
        });
        await using var conn = new SqliteConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "explain query plan " + sql;
        if (search is not null)
        {
            // As SqliteExecutor.Admin.cs binds them.
            cmd.Parameters.AddWithValue("@id_from", Guid.Empty.ToString());
            cmd.Parameters.AddWithValue("@id_before", (search.After ?? Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff")).ToString());
            cmd.Parameters.AddWithValue("@states", search.States is { } states ? System.Text.Json.JsonSerializer.Serialize(states) : DBNull.Value);
            var arg = AdminSql.ArgJson(search);
            cmd.Parameters.AddWithValue("@arg_path", arg is null ? DBNull.Value : "$" + string.Concat(search.ArgPath!.Split('.').Select(n => ".\"" + n + "\"")));
            cmd.Parameters.AddWithValue("@arg_value", (object?)arg ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@arg_needle", (object?)arg ?? DBNull.Value); // A's values are plain: their JSON is the needle
            cmd.Parameters.AddWithValue("@queue", (object?)search.Queue ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@task", (object?)search.Task ?? DBNull.Value);
            cmd.Parameters.AddWithValue("@limit", search.Limit + 1);
        }
        // Rows of (id, parent, notused, detail): indent each under its parent.
        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var d = depth.GetValueOrDefault(r.GetInt64(1)) + 1;
            depth[r.GetInt64(0)] = d;
            lines.Add(new string(' ', 2 + 2 * d) + r.GetString(3));
        }
        return string.Join('\n', lines);
    }

    private static string SqliteVersion()
    {
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        return conn.ServerVersion;
    }
}
