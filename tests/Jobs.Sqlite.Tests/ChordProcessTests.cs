using System.Text.Json;
using Jobs.Postgres.Tests.Processes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Sqlite.Tests;

/// <summary>
/// A chord of 1,000 members drained by 8 workers in two OS processes (Jobs.TestWorker on one SQLite file): its
/// callback runs exactly once, with every result in member order.
/// </summary>
public sealed class ChordProcessTests
{
    [Fact]
    public async Task A_chord_of_a_thousand_members_run_by_eight_workers_in_two_processes_calls_its_callback_exactly_once()
    {
        const int members = 1000;
        await using var harness = await SqliteHarness.CreateAsync();
        await ExecuteAsync(harness, "create table side_effect (job_id text not null, attempt integer not null, pid integer not null)");
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o =>
        {
            harness.Configure(o);
            o.AddRemoteTask("test.count");
            o.AddRemoteTask("test.collect");
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IJobClient>();

        await using var a = await WorkerProcess.StartAsync(harness.ConnectionString, "sqlite", workers: 4, concurrency: 4);
        await using var b = await WorkerProcess.StartAsync(harness.ConnectionString, "sqlite", workers: 4, concurrency: 4);
        var header = new Group(Enumerable.Range(0, members).Select(i => (Canvas)new Signature("test.count", new { i })).ToList());
        var chord = await client.ApplyAsync(new Chord(header, new Signature("test.collect")));
        var callback = chord.Result!.Id;

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await harness.ScalarAsync("select count(*) from job where state not in ('SUCCESS', 'FAILURE', 'REVOKED')") > 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(5), $"the chord did not finish in 5 minutes. stderr:\n{a.Stderr}\n{b.Stderr}");
            await Task.Delay(50);
        }

        var job = (await chord.Result.GetInfoAsync())!;
        Assert.Equal(JobState.Success, job.State);
        var expected = JsonSerializer.Serialize(Enumerable.Range(0, members));
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize<int[]>(job.Args)));
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize<int[]>(job.Result!)));
        Assert.Equal(1, await harness.ScalarAsync($"select count(*) from side_effect where job_id = '{callback}'"));
        Assert.Equal(1, job.Attempt);
        Assert.Equal(members, await harness.ScalarAsync("select count(*) from job where group_id is not null and state = 'SUCCESS' and attempt = 1"));
        Assert.Equal(members + 1, await harness.ScalarAsync("select count(*) from side_effect"));
        Assert.Equal(members + 1, await harness.ScalarAsync("select count(distinct job_id) from side_effect"));
        Assert.Equal(2, await harness.ScalarAsync("select count(distinct pid) from side_effect"));
        Assert.Equal(0, await harness.ScalarAsync("select remaining from job_group"));
        Assert.False(a.HasExited, a.Stderr);
        Assert.False(b.HasExited, b.Stderr);
    }

    private static async Task ExecuteAsync(SqliteHarness harness, string sql)
    {
        await using var conn = (SqliteConnection)await harness.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}
