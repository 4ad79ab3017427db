using Jobs.Migrations;
using Jobs.Postgres;
using Npgsql;

namespace Jobs.Bench.Systems;

/// <summary>Jobs on the bench's PostgreSQL server, in a database of its own.</summary>
internal sealed class JobsPostgresTarget : IJobsTarget
{
    private string _cs = "";

    public string Name => "jobs-postgres";
    public string Version => "Jobs " + JobsVersion.Text + ", Npgsql " + typeof(NpgsqlConnection).Assembly.GetName().Version?.ToString(3);
    public JobsWorkerLayout Layout { get; } = new JobsWorkerLayout(Workers: 1, Concurrency: 500, Prefetch: 2).OrOverride();

    public async Task PrepareAsync(BenchRun run)
    {
        _cs = await run.Database.CreateDatabaseAsync(Name);
        await Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, _cs).MigrateUp());
    }

    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using (var truncate = new NpgsqlCommand("truncate jobs.job, jobs.job_attempt, jobs.job_group", conn)) await truncate.ExecuteNonQueryAsync();
        await using (var vacuum = new NpgsqlCommand("vacuum analyze jobs.job", conn)) await vacuum.ExecuteNonQueryAsync();
    }

    public void Configure(JobsOptions options) => options.UsePostgres(_cs);

    public async Task<long> CountSucceededAsync()
    {
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from jobs.job where state = 'SUCCESS'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
