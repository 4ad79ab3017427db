using Jobs.Migrations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Sqlite.Tests;

public sealed class SqliteMigrationTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "jobs-sqlite-tests", Guid.NewGuid().ToString("N") + ".db");
    private string ConnectionString => $"Data Source={_path}";

    public SqliteMigrationTests() => Directory.CreateDirectory(Path.GetDirectoryName(_path)!);

    [Fact]
    public async Task Up_creates_the_table_in_wal_mode_and_down_removes_it()
    {
        var migrator = new JobsMigrator(JobsDatabase.Sqlite, ConnectionString);
        migrator.MigrateUp();
        migrator.MigrateUp(); // a no-op the second time
        Assert.All(migrator.Status(), m => Assert.True(m.Applied));
        Assert.Equal("wal", await ScalarAsync("pragma journal_mode"));
        Assert.Equal(1L, await ScalarAsync("select count(*) from sqlite_master where type = 'table' and name = 'job'"));
        Assert.Equal(1L, await ScalarAsync("select count(*) from sqlite_master where type = 'index' and name = 'job_runnable_idx' and sql like '%where%'"));
        const string monitoring = "select count(*) from sqlite_master where name in " +
            "('worker', 'worker_status', 'event', 'control', 'control_reply', 'report_throughput', 'report_runtime', 'report_queues')";
        Assert.Equal(8L, await ScalarAsync(monitoring));

        migrator.MigrateDown();
        Assert.Equal(0L, await ScalarAsync("select count(*) from sqlite_master where type = 'table' and name = 'job'"));
        Assert.Equal(0L, await ScalarAsync(monitoring));
        Assert.All(migrator.Status(), m => Assert.False(m.Applied));
    }

    [Fact]
    public async Task Processes_migrating_at_once_take_turns_and_all_succeed()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new JobsMigrator(JobsDatabase.Sqlite, ConnectionString).MigrateUp())));
        Assert.All(new JobsMigrator(JobsDatabase.Sqlite, ConnectionString).Status(), m => Assert.True(m.Applied));
    }

    [Fact]
    public async Task Using_an_unmigrated_file_says_to_run_the_migrations()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UseSqlite(ConnectionString); o.AddRemoteTask("x.y"); });
        await using var sp = services.BuildServiceProvider();
        var ex = await Assert.ThrowsAsync<JobsException>(() => sp.GetRequiredService<IJobClient>().EnqueueAsync("x.y"));
        Assert.Contains("jobs migrate up", ex.Message);
    }

    [Fact]
    public void A_private_in_memory_database_is_refused_with_a_hint()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UseSqlite("Data Source=:memory:"); o.AddRemoteTask("x.y"); });
        using var sp = services.BuildServiceProvider();
        var ex = Assert.Throws<ArgumentException>(() => sp.GetRequiredService<IJobClient>());
        Assert.Contains("Mode=Memory;Cache=Shared", ex.Message);
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".migrate-lock" })
            try { File.Delete(_path + suffix); } catch (IOException) { }
    }
}
