using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>20,000 jobs drained by 8 workers in two OS processes: each job runs exactly once and ends in one terminal state.</summary>
[Collection(WorkerProcessesCollection.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_thousand_jobs_drained_by_eight_workers_in_two_processes_run_exactly_once()
    {
        const int jobs = 20_000;
        await using var f = await DrainFixture.CreateAsync(await PostgresHarness.DatabaseAsync());
        for (var b = 0; b < jobs / 1000; b++)
            await f.Client.EnqueueManyAsync(Enumerable.Range(b * 1000, 1000).Select(i => new JobRequest("test.count", new { i })));

        await using var a = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 4, concurrency: 8);
        await using var b2 = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 4, concurrency: 8);
        await f.WaitUntilAsync(async () => await f.UnfinishedAsync() == 0, TimeSpan.FromMinutes(5), "all jobs finished");

        Assert.Equal(jobs, await f.ScalarAsync("select count(*) from {s}.job where state = 'SUCCESS' and attempt = 1"));
        Assert.Equal(jobs, await f.ScalarAsync("select count(*) from {s}.side_effect"));
        Assert.Equal(jobs, await f.ScalarAsync("select count(distinct job_id) from {s}.side_effect"));
        Assert.Equal(0, await f.ScalarAsync("select count(*) from {s}.side_effect e left join {s}.job j on j.id = e.job_id where j.id is null"));
        Assert.Equal(2, await f.ScalarAsync("select count(distinct pid) from {s}.side_effect")); // both processes took part
        Assert.Equal(8, await f.ScalarAsync("select count(distinct worker) from {s}.job")); // all eight workers took part
        Assert.False(a.HasExited, a.Stderr);
        Assert.False(b2.HasExited, b2.Stderr);
    }
}
