using Jobs.Migrations;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Bench.Systems;

/// <summary>Jobs on the embedded SQLite default (WAL), a fresh file per scenario.</summary>
internal sealed class JobsSqliteTarget : IJobsTarget
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "jobs-bench-sqlite-" + Environment.ProcessId);
    private string _cs = "";
    private int _generation;

    public string Name => "jobs-sqlite";
    public string Version => "Jobs " + JobsVersion.Text + ", SQLite " + SqliteVersion();
    public JobsWorkerLayout Layout { get; } = new JobsWorkerLayout(Workers: 1, Concurrency: 250, Prefetch: 2).OrOverride();

    public Task PrepareAsync(BenchRun run) => ResetAsync();

    public async Task ResetAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
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

    private static string SqliteVersion()
    {
        using var conn = new SqliteConnection("Data Source=:memory:");
        conn.Open();
        return conn.ServerVersion;
    }
}
