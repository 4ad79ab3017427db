using Jobs.Testing;
using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>
/// PostgreSQL restarted mid-drain, and the workers' connections (listener and claimers) killed with
/// pg_terminate_backend: workers reconnect, wake-ups resume, every job completes, and no worker process exits.
/// </summary>
public sealed class DatabaseFaultTests
{
    [Fact]
    public async Task Workers_survive_killed_connections_and_a_server_restart_and_finish_every_job()
    {
        const int jobs = 6000;
        await using var server = await PostgresServer.StartDedicatedAsync();
        var cs = await server.CreateDatabaseAsync();
        await using var f = await DrainFixture.CreateAsync(cs);
        await using var a = await WorkerProcess.StartAsync(cs, f.Schema, workers: 2, concurrency: 4, leaseMs: 5000);
        await using var b = await WorkerProcess.StartAsync(cs, f.Schema, workers: 2, concurrency: 4, leaseMs: 5000);

        // Trickle the jobs in so that the drain spans the faults and wake-ups (not only polls) keep it going.
        var producing = Task.Run(async () =>
        {
            for (var batch = 0; batch < jobs / 100; batch++)
            {
                while (true)
                {
                    try { await f.Client.EnqueueManyAsync(Enumerable.Range(batch * 100, 100).Select(i => new JobRequest("test.count", new { i }))); break; }
                    catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException) { Npgsql.NpgsqlConnection.ClearAllPools(); await Task.Delay(200); }
                }
                await Task.Delay(20);
            }
        });

        await f.WaitUntilAsync(async () => await f.ScalarAsync("select count(*) from {s}.side_effect") >= 1000, TimeSpan.FromMinutes(2), "1000 jobs done");
        var killed = await f.ScalarAsync("select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'jobs-testworker%' and pid <> pg_backend_pid()) k");
        Assert.True(killed >= 3, $"expected the listeners and worker connections to be killed, killed {killed}");
        var afterKill = await f.ScalarAsync("select count(*) from {s}.side_effect");
        await f.WaitUntilAsync(async () => await f.ScalarAsync("select count(*) from {s}.side_effect") >= afterKill + 1000, TimeSpan.FromMinutes(2), "progress after pg_terminate_backend");

        await server.RestartAsync();
        Npgsql.NpgsqlConnection.ClearAllPools();
        await producing;
        await f.WaitUntilAsync(async () => await f.ScalarAsync("select count(*) from {s}.job") == jobs && await f.UnfinishedAsync() == 0,
            TimeSpan.FromMinutes(3), "all jobs finished after the restart");

        Assert.Equal(jobs, await f.ScalarAsync("select count(*) from {s}.job where state = 'SUCCESS'"));
        Assert.Equal(jobs, await f.ScalarAsync("select count(distinct job_id) from {s}.side_effect"));
        // A job may have run twice only when a fault made an attempt fail and it was retried, never silently.
        Assert.Equal(0, await f.ScalarAsync(
            "select count(*) from (select job_id from {s}.side_effect group by job_id having count(*) > 1) d join {s}.job j on j.id = d.job_id where j.attempt = 1"));
        Assert.False(a.HasExited, a.Stderr);
        Assert.False(b.HasExited, b.Stderr);
    }
}
