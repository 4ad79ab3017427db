using Jobs.Migrations;
using Jobs.Postgres;
using Jobs.Bench.Admin;
using Npgsql;

namespace Jobs.Bench.Systems;

/// <summary>Jobs on the bench's PostgreSQL server, in a database of its own.</summary>
/// <param name="name">The system's name, and so its database's: each system has a database of its own (dropping a database
/// the process still has pooled connections to would break them).</param>
internal sealed class JobsPostgresTarget(string name = "jobs-postgres") : IJobsTarget
{
    private string _cs = "";

    public string Name => name;
    public string Version => "Jobs " + JobsVersion.Text + ", Npgsql " + typeof(NpgsqlConnection).Assembly.GetName().Version?.ToString(3);
    public JobsWorkerLayout Layout { get; } = new JobsWorkerLayout(Workers: 1, Concurrency: 500, Prefetch: 2).OrOverride();

    public async Task PrepareAsync(BenchRun run)
    {
        _cs = await run.Database.CreateDatabaseAsync(Name);
        await Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, _cs).MigrateUp());
        if (ArgsIndex) await ExecuteAsync(AdminScenario.ArgsIndexSql);
    }

    /// <summary><c>JOBS_BENCH_ARGS_INDEX=1</c>: with the opt-in GIN index on args (README "Administration"), to measure what it costs the hot path and gains scenario A.</summary>
    public bool ArgsIndex => Environment.GetEnvironmentVariable("JOBS_BENCH_ARGS_INDEX") == "1";

    private async Task ExecuteAsync(string sql, Action<NpgsqlParameterCollection>? parameters = null)
    {
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        parameters?.Invoke(cmd.Parameters);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task LoadAdminJobsAsync(int jobs)
    {
        // The load inserts finished jobs, which the store itself never does: the insert trigger of migration 11 would
        // count them one row at a time. Off for the load, then the counts rebuilt (README "Tables"), which is where
        // the finishes of a running system would have left them. Before migration 11 there is nothing to do.
        const string counted = "to_regproc('jobs.job_count_rebuild') is not null";
        await ExecuteAsync($"do $$ begin if {counted} then alter table jobs.job disable trigger job_count_insert; end if; end $$");
        await ExecuteAsync(AdminSql.Load("postgres"), p => p.AddWithValue("n", (long)jobs));
        await ExecuteAsync($"do $$ begin if {counted} then alter table jobs.job enable trigger job_count_insert; perform jobs.job_count_rebuild(); end if; end $$");
        await ExecuteAsync("vacuum analyze jobs.job");
    }

    public async Task<string> ExplainAdminAsync(string op, JobSearch? search)
    {
        var sql = AdminSql.Statement(typeof(PostgresJobsOptionsExtensions).Assembly, "Jobs.Postgres", AdminSql.StatementName(search, op),
            new Dictionary<string, string> { ["schema"] = "\"jobs\"" });
        await using var conn = new NpgsqlConnection(_cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("explain (analyze, buffers) " + sql, conn);
        if (search is not null)
        {
            // As PostgresExecutor.Admin.cs binds them.
            cmd.Parameters.AddWithValue("id_from", Guid.Empty);
            cmd.Parameters.AddWithValue("id_before", search.After ?? Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffffff"));
            cmd.Parameters.Add(new NpgsqlParameter("states", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = search.States?.ToArray() ?? (object)DBNull.Value });
            var arg = AdminSql.ArgJson(search);
            var doc = arg is null ? null : search.ArgPath!.Split('.').Reverse().Aggregate(arg, (json, name) => "{" + System.Text.Json.JsonSerializer.Serialize(name) + ":" + json + "}");
            cmd.Parameters.Add(new NpgsqlParameter("args", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = doc ?? (object)DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("queue", NpgsqlTypes.NpgsqlDbType.Text) { Value = search.Queue ?? (object)DBNull.Value });
            cmd.Parameters.Add(new NpgsqlParameter("task", NpgsqlTypes.NpgsqlDbType.Text) { Value = search.Task ?? (object)DBNull.Value });
            cmd.Parameters.AddWithValue("limit", search.Limit + 1);
        }
        var lines = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) lines.Add("    " + r.GetString(0));
        return string.Join('\n', lines);
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
