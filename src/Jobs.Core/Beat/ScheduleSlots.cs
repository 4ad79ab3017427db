using Cronos;
using Jobs.Storage;

namespace Jobs.Beat;

/// <summary>
/// Slot arithmetic shared by every store: the first slot of a new schedule, and what to do with a due slot
/// (fire or skip, and the next slot). Times come from the database clock; cron is read in the schedule's time zone.
/// </summary>
internal static class ScheduleSlots
{
    /// <summary>Parses a five-field cron expression, or six fields with leading seconds.</summary>
    public static CronExpression ParseCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    /// <summary>Finds an IANA time zone ("UTC" always exists).</summary>
    public static TimeZoneInfo Zone(string id) => id == "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>The first slot of a schedule declared at <paramref name="now"/>: the next cron occurrence, or now plus the interval.</summary>
    public static DateTimeOffset? First(ScheduleDefinition s, DateTimeOffset now)
    {
        now = Truncate(now);
        return s.EveryMs is { } ms ? now.AddMilliseconds(ms) : After(s, now);
    }

    /// <summary>
    /// Decides a due slot at <paramref name="now"/>: whether to fire, and the next slot (the first after now;
    /// interval slots stay on the grid of <paramref name="due"/>). Skip fires nothing when the slot is older than one period.
    /// </summary>
    public static (bool Fire, DateTimeOffset? Next) Decide(ScheduleDefinition s, DateTimeOffset due, DateTimeOffset now)
    {
        now = Truncate(now);
        DateTimeOffset? next, following;
        if (s.EveryMs is { } ms)
        {
            var every = TimeSpan.FromMilliseconds(ms);
            var late = now - due;
            var periods = late < TimeSpan.Zero ? 0 : late.Ticks / every.Ticks;
            next = due + every * (periods + 1);
            following = due + every;
        }
        else
        {
            next = After(s, now);
            following = After(s, due);
        }
        var fire = s.CatchUp != ScheduleDefinition.Skip || following is not { } f || now - due <= f - due;
        return (fire, next);
    }

    /// <summary>Checks a cron expression and time zone, throwing <see cref="ArgumentException"/> with a clear message.</summary>
    public static void Validate(string? cron, TimeSpan? every, string timeZone)
    {
        if ((cron is null) == (every is null)) throw new ArgumentException("A schedule needs exactly one of Cron and Every.");
        if (every is { } e && e < TimeSpan.FromMilliseconds(1)) throw new ArgumentOutOfRangeException(nameof(every), e, "A schedule's interval must be at least one millisecond.");
        try { if (cron is not null) ParseCron(cron); }
        catch (CronFormatException ex) { throw new ArgumentException($"Invalid cron expression '{cron}': {ex.Message}", nameof(cron), ex); }
        try { Zone(timeZone); }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        { throw new ArgumentException($"Unknown time zone '{timeZone}' (use an IANA id such as \"Europe/Berlin\").", nameof(timeZone), ex); }
    }

    private static DateTimeOffset? After(ScheduleDefinition s, DateTimeOffset time)
        => ParseCron(s.Cron!).GetNextOccurrence(time, Zone(s.TimeZone));

    // Stores keep milliseconds (SQLite's text times); slots computed from a finer clock would not round-trip.
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.Ticks - t.Ticks % TimeSpan.TicksPerMillisecond, t.Offset);
}
