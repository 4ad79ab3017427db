using Jobs.Beat;
using Jobs.Storage;
using Xunit;

namespace Jobs.Core.Tests;

public sealed class ScheduleSlotsTests
{
    private static ScheduleDefinition Cron(string cron, string zone = "UTC", string catchUp = ScheduleDefinition.RunOnce)
        => new("s", "t", "{}", "default", 0, cron, null, zone, catchUp);

    private static ScheduleDefinition Every(TimeSpan every, string catchUp = ScheduleDefinition.RunOnce)
        => new("s", "t", "{}", "default", 0, null, (long)every.TotalMilliseconds, "UTC", catchUp);

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s = 0, int ms = 0) => new(y, mo, d, h, mi, s, ms, TimeSpan.Zero);

    [Fact]
    public void Cron_next_slot_is_read_in_the_schedule_time_zone()
    {
        // 09:00 every day in Berlin is 08:00 UTC in winter (CET, +1) and 07:00 UTC in summer (CEST, +2).
        var s = Cron("0 9 * * *", "Europe/Berlin");
        Assert.Equal(Utc(2026, 1, 15, 8, 0), ScheduleSlots.First(s, Utc(2026, 1, 15, 7, 30)));
        Assert.Equal(Utc(2026, 7, 15, 7, 0), ScheduleSlots.First(s, Utc(2026, 7, 15, 6, 30)));
        Assert.Equal(Utc(2026, 7, 16, 7, 0), ScheduleSlots.First(s, Utc(2026, 7, 15, 7, 0))); // strictly after now
    }

    [Fact]
    public void Cron_handles_daylight_saving_transitions()
    {
        // Berlin springs forward on 2026-03-29 at 02:00 → 03:00: 02:30 does not exist that day and runs at 03:00 (Cronos).
        var spring = Cron("30 2 * * *", "Europe/Berlin");
        Assert.Equal(Utc(2026, 3, 29, 1, 0), ScheduleSlots.First(spring, Utc(2026, 3, 28, 12, 0)));
        // Berlin falls back on 2026-10-25 at 03:00 → 02:00: 02:30 happens twice and runs once (the first, 00:30 UTC).
        var autumn = Cron("30 2 * * *", "Europe/Berlin");
        var first = ScheduleSlots.First(autumn, Utc(2026, 10, 24, 12, 0));
        Assert.Equal(Utc(2026, 10, 25, 0, 30), first);
        Assert.Equal(Utc(2026, 10, 26, 1, 30), ScheduleSlots.Decide(autumn, first!.Value, first.Value.AddSeconds(1)).Next);
        // Hourly jobs keep a fixed UTC cadence through the repeated hour.
        var hourly = Cron("0 * * * *", "Europe/Berlin");
        Assert.Equal(Utc(2026, 10, 25, 1, 0), ScheduleSlots.First(hourly, Utc(2026, 10, 25, 0, 30)));
        Assert.Equal(Utc(2026, 10, 25, 2, 0), ScheduleSlots.First(hourly, Utc(2026, 10, 25, 1, 30)));
    }

    [Fact]
    public void Six_field_cron_has_seconds()
    {
        var s = Cron("*/10 * * * * *");
        Assert.Equal(Utc(2026, 1, 1, 0, 0, 10), ScheduleSlots.First(s, Utc(2026, 1, 1, 0, 0, 3)));
    }

    [Fact]
    public void Interval_first_slot_is_one_period_from_now_and_stays_on_its_grid()
    {
        var s = Every(TimeSpan.FromSeconds(10));
        var now = Utc(2026, 1, 1, 0, 0, 0, 250);
        Assert.Equal(now.AddSeconds(10), ScheduleSlots.First(s, now.AddTicks(1234))); // sub-millisecond truncated
        var (fire, next) = ScheduleSlots.Decide(s, now, now.AddSeconds(35));
        Assert.True(fire);
        Assert.Equal(now.AddSeconds(40), next);
    }

    [Fact]
    public void Run_once_fires_one_job_for_many_missed_slots_and_moves_to_the_next_future_slot()
    {
        var s = Cron("*/5 * * * *");
        var (fire, next) = ScheduleSlots.Decide(s, Utc(2026, 1, 1, 10, 0), Utc(2026, 1, 1, 11, 2));
        Assert.True(fire);
        Assert.Equal(Utc(2026, 1, 1, 11, 5), next);
    }

    [Fact]
    public void Skip_fires_a_slot_late_by_less_than_a_period_but_not_an_older_one()
    {
        var s = Cron("*/5 * * * *", catchUp: ScheduleDefinition.Skip);
        Assert.Equal((true, Utc(2026, 1, 1, 10, 5)), ScheduleSlots.Decide(s, Utc(2026, 1, 1, 10, 0), Utc(2026, 1, 1, 10, 3)));
        Assert.Equal((false, Utc(2026, 1, 1, 11, 5)), ScheduleSlots.Decide(s, Utc(2026, 1, 1, 10, 0), Utc(2026, 1, 1, 11, 2)));
        var every = Every(TimeSpan.FromSeconds(1), ScheduleDefinition.Skip);
        var due = Utc(2026, 1, 1, 0, 0);
        Assert.False(ScheduleSlots.Decide(every, due, due.AddSeconds(5)).Fire);
        Assert.True(ScheduleSlots.Decide(every, due, due.AddMilliseconds(400)).Fire);
    }

    [Theory]
    [InlineData("*/5 * * * *", null, "UTC", true)]
    [InlineData(null, 1000, "Europe/Berlin", true)]
    [InlineData(null, null, "UTC", false)]
    [InlineData("*/5 * * * *", 1000, "UTC", false)]
    [InlineData("not cron", null, "UTC", false)]
    [InlineData("*/5 * * * *", null, "Mars/Olympus", false)]
    public void AddSchedule_validates_the_timing(string? cron, int? everyMs, string zone, bool valid)
    {
        var options = new JobsOptions();
        void Add() => options.AddSchedule("s", "t", null, o =>
        {
            o.Cron = cron;
            o.Every = everyMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
            o.TimeZone = zone;
        });
        if (valid) Add(); else Assert.ThrowsAny<ArgumentException>(Add);
    }
}
