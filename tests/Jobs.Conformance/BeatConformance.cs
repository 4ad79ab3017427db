using Jobs.Storage;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The beat: declared schedules are upserted idempotently, every slot fires exactly once however many beats run, and missed slots follow the catch-up policy.</summary>
public abstract class BeatConformance : ConformanceBase
{
    private const string Tick = "beat.tick";

    private static ScheduleDefinition Every(string name, TimeSpan every, string catchUp = ScheduleDefinition.RunOnce, string args = "{}")
        => new(name, Tick, args, "default", 0, null, (long)every.TotalMilliseconds, "UTC", catchUp);

    private static readonly BeatRequest Request = new(100, 1, 1000, 60000);

    /// <summary>A time truncated to whole milliseconds, as the beat truncates the clock it plans from.</summary>
    private static DateTimeOffset Millis(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Offset);

    private async Task<List<JobInfo>> TicksAsync() => [.. await Store.ListJobsAsync(new JobFilter(Task: Tick, Limit: 1000), default)];

    private async Task<ScheduleInfo> ScheduleAsync(string name) => Assert.Single(await Store.ListSchedulesAsync(default), s => s.Definition.Name == name);

    /// <summary>
    /// The slot after <paramref name="job"/>'s is one second on, unless every beat came to it more than a second late
    /// (a loaded machine), when the catch-up policy (run once) fired it once for all the slots already past. Its
    /// created_at is the firing transaction's start, a round trip before the beat reads its clock: hence the slack.
    /// </summary>
    private static void NoneSkipped(JobInfo job, DateTimeOffset next)
    {
        var gap = next - job.RunAt;
        Assert.True(gap >= TimeSpan.FromSeconds(1) && gap.Ticks % TimeSpan.TicksPerSecond == 0, $"slot {job.RunAt:O} is followed by {next:O}, off the one-second grid");
        if (gap != TimeSpan.FromSeconds(1))
            Assert.True(job.CreatedAt - job.RunAt >= gap - TimeSpan.FromSeconds(1) - TimeSpan.FromMilliseconds(250),
                $"slot {job.RunAt:O} fired at {job.CreatedAt:O}, then the next slot was {next:O}: a slot was skipped before it was due");
    }

    [Fact]
    public async Task Three_beats_fire_every_slot_of_a_one_second_schedule_exactly_once()
    {
        var hosts = new List<IHost>();
        for (var i = 0; i < 3; i++)
            hosts.Add(await StartHostAsync(o => o
                .AddRemoteTask(Tick)
                .AddSchedule("every-second", Tick, new { n = 1 }, s => s.Every = TimeSpan.FromSeconds(1))
                .AddBeat(b => b.PollInterval = TimeSpan.FromMilliseconds(200))));

        await WaitUntilAsync(async () => (await TicksAsync()).Count >= 6, TimeSpan.FromSeconds(30), "six slots fired");
        foreach (var h in hosts) await h.StopAsync();

        var fired = (await TicksAsync()).OrderBy(j => j.RunAt).ToList();
        var slots = fired.Select(j => j.RunAt).ToList();
        Assert.Equal(slots.Count, slots.Distinct().Count()); // no slot fired twice
        var schedule = await ScheduleAsync("every-second");
        for (var i = 0; i < slots.Count; i++)
            NoneSkipped(fired[i], i + 1 < slots.Count ? slots[i + 1] : schedule.NextRunAt!.Value);
        Assert.Contains(schedule.LastJobId!.Value, (await TicksAsync()).Select(j => j.Id));
        Assert.Equal("{\"n\":1}", (await TicksAsync())[0].Args.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Declared_schedules_are_upserted_idempotently()
    {
        Assert.Equal(2, await Store.UpsertSchedulesAsync([Every("a", TimeSpan.FromMinutes(1)), Every("b", TimeSpan.FromHours(1))], default));
        var a = await ScheduleAsync("a");
        Assert.True(a.Enabled);
        Assert.NotNull(a.NextRunAt);

        Assert.Equal(0, await Store.UpsertSchedulesAsync([Every("a", TimeSpan.FromMinutes(1)), Every("b", TimeSpan.FromHours(1))], default));
        Assert.Equal(a, await ScheduleAsync("a")); // untouched, timing kept

        Assert.Equal(1, await Store.UpsertSchedulesAsync([Every("a", TimeSpan.FromMinutes(1), args: "{\"x\":2}")], default));
        var changedArgs = await ScheduleAsync("a");
        Assert.Equal(a.NextRunAt, changedArgs.NextRunAt); // a non-timing change keeps the slot
        Assert.Contains("2", changedArgs.Definition.ArgsJson, StringComparison.Ordinal);

        var before = await Harness.DbNowAsync();
        Assert.Equal(1, await Store.UpsertSchedulesAsync([Every("a", TimeSpan.FromMinutes(2), args: "{\"x\":2}")], default));
        var after = await Harness.DbNowAsync();
        var retimed = await ScheduleAsync("a");
        // The timing restarts from the database clock of the re-declaration: its first slot is one new interval after it.
        Assert.InRange(retimed.NextRunAt!.Value, Millis(before).AddMinutes(2), after.AddMinutes(2));
        Assert.Equal(120_000, retimed.Definition.EveryMs);

        Assert.True(await Store.SetScheduleEnabledAsync("b", false, default));
        Assert.Equal(0, await Store.UpsertSchedulesAsync([Every("b", TimeSpan.FromHours(1))], default));
        Assert.False((await ScheduleAsync("b")).Enabled); // a re-declaration does not resume a paused schedule
        Assert.True(await Store.RemoveScheduleAsync("b", default));
        Assert.False(await Store.RemoveScheduleAsync("b", default));
        Assert.False(await Store.SetScheduleEnabledAsync("b", true, default));
        Assert.Equal(["a"], (await Store.ListSchedulesAsync(default)).Select(s => s.Definition.Name));
    }

    [Fact]
    public async Task Missed_slots_fire_once_or_are_skipped_by_policy()
    {
        var period = TimeSpan.FromMinutes(1);
        await Store.UpsertSchedulesAsync([Every("once", period), Every("skip", period, ScheduleDefinition.Skip), Every("off", period)], default);
        await Store.SetScheduleEnabledAsync("off", false, default);
        await BackdateSchedulesAsync(period * 4); // the database clock moves on by four periods: three or more slots are missed
        var once = await ScheduleAsync("once");
        var skip = await ScheduleAsync("skip");

        Assert.Equal(1, (await Store.FireDueSchedulesAsync(Request, default)).Fired);
        var job = Assert.Single(await TicksAsync());
        Assert.Equal(once.NextRunAt, job.RunAt); // the one catch-up job is for the first missed slot
        foreach (var (before, after) in new[] { (once, await ScheduleAsync("once")), (skip, await ScheduleAsync("skip")) })
        {
            var moved = after.NextRunAt!.Value - before.NextRunAt!.Value;
            Assert.True(moved >= period * 3, $"{after.Definition.Name} advanced past the missed slots ({moved})");
            Assert.Equal(0, moved.Ticks % period.Ticks); // still on its grid
        }
        Assert.Equal(job.Id, (await ScheduleAsync("once")).LastJobId);
        Assert.Null((await ScheduleAsync("skip")).LastJobId);
        Assert.Null((await ScheduleAsync("off")).LastRunAt);
    }

    [Fact]
    public async Task Skip_still_fires_a_slot_that_is_less_than_a_period_late()
    {
        var period = TimeSpan.FromMinutes(1);
        await Store.UpsertSchedulesAsync([Every("skip", period, ScheduleDefinition.Skip)], default);
        Assert.Equal(0, (await Store.FireDueSchedulesAsync(Request, default)).Fired); // not due yet
        await BackdateSchedulesAsync(period + TimeSpan.FromSeconds(10)); // the database clock passes the slot by ten seconds
        var due = (await ScheduleAsync("skip")).NextRunAt!.Value;
        var round = await Store.FireDueSchedulesAsync(Request, default);
        Assert.Equal(1, round.Fired);
        Assert.Equal(due, Assert.Single(await TicksAsync()).RunAt);
        Assert.Equal(due + period, (await ScheduleAsync("skip")).NextRunAt);
        Assert.NotNull(round.NextDueIn);
        Assert.Equal(0, (await Store.FireDueSchedulesAsync(Request, default)).Fired); // not due again yet
    }
}
