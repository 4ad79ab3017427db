using System.Text.Json;
using Xunit;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>A chord of 1,000 members drained by 8 workers in two OS processes: its callback runs exactly once, with every result in member order.</summary>
[Collection(WorkerProcessesCollection.Name)]
public sealed class ChordProcessTests
{
    [Fact]
    public async Task A_chord_of_a_thousand_members_run_by_eight_workers_in_two_processes_calls_its_callback_exactly_once()
    {
        const int members = 1000;
        await using var f = await DrainFixture.CreateAsync(await PostgresHarness.DatabaseAsync());
        await using var a = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 4, concurrency: 4);
        await using var b = await WorkerProcess.StartAsync(f.ConnectionString, f.Schema, workers: 4, concurrency: 4);

        var header = new Group(Enumerable.Range(0, members).Select(i => (Canvas)new Signature("test.count", new { i })).ToList());
        var chord = await f.Client.ApplyAsync(new Chord(header, new Signature("test.collect")));
        var callback = chord.Result!.Id;
        await f.WaitUntilAsync(async () => await f.UnfinishedAsync() == 0, TimeSpan.FromMinutes(5), "the chord finished");

        var job = (await chord.Result.GetInfoAsync())!;
        Assert.Equal(JobState.Success, job.State);
        var expected = JsonSerializer.Serialize(Enumerable.Range(0, members));
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize<int[]>(job.Args)));
        Assert.Equal(expected, JsonSerializer.Serialize(JsonSerializer.Deserialize<int[]>(job.Result!)));
        // The callback's side effect happened once; every member ran once, and both processes took part.
        Assert.Equal(1, await f.ScalarAsync($"select count(*) from {{s}}.side_effect where job_id = '{callback}'"));
        Assert.Equal(1, job.Attempt);
        Assert.Equal(members, await f.ScalarAsync($"select count(*) from {{s}}.job where group_id is not null and state = 'SUCCESS' and attempt = 1"));
        Assert.Equal(members + 1, await f.ScalarAsync("select count(*) from {s}.side_effect"));
        Assert.Equal(members + 1, await f.ScalarAsync("select count(distinct job_id) from {s}.side_effect"));
        Assert.Equal(2, await f.ScalarAsync("select count(distinct pid) from {s}.side_effect"));
        Assert.Equal(0, await f.ScalarAsync("select remaining from {s}.job_group"));
        Assert.False(a.HasExited, a.Stderr);
        Assert.False(b.HasExited, b.Stderr);
    }
}
