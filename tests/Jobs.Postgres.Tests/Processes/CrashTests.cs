using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>A worker process killed with SIGKILL mid-job: after its lease expires the job runs again elsewhere, once.</summary>
[Collection(WorkerProcessesCollection.Name)]
public sealed class CrashTests
{
    [Fact]
    public async Task A_job_whose_worker_is_killed_runs_again_elsewhere_after_its_lease_expires()
    {
        await using var f = await DrainFixture.CreateAsync(await PostgresHarness.DatabaseAsync());
        await using var doomed = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 1, concurrency: 1, leaseMs: 2000);
        var r = await f.Client.EnqueueAsync("test.hang_first", new { i = 1 });
        Assert.Equal($"STARTED {r.Id}", await doomed.WaitForLineAsync("STARTED", TimeSpan.FromSeconds(60)));

        // The survivor keeps the default lease: only the doomed worker's lease must run out, and a 2 s lease of its own
        // could run out too on a starved machine between its claim and its finish (a third attempt).
        await using var survivor = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 1, concurrency: 1);
        doomed.Kill();

        var job = await r.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(JobState.Success, job.State);
        Assert.Equal(2, job.Attempt);
        Assert.Contains($"done by {survivor.Pid} on attempt 2", job.Result);
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from {{s}}.job where id = '{r.Id}' and state = 'SUCCESS'"));
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from {{s}}.side_effect where job_id = '{r.Id}'"));
        Assert.Equal(survivor.Pid, await f.ScalarAsync($"select pid from {{s}}.side_effect where job_id = '{r.Id}'"));
        Assert.False(survivor.HasExited, survivor.Stderr);
    }
}
