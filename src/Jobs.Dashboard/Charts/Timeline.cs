using System.Globalization;

namespace Jobs.Dashboard.Charts;

/// <summary>One moment of a job's life, for the timeline list.</summary>
internal sealed record TimelineEntry(DateTimeOffset At, string What, string? Detail, string Css);

/// <summary>A job's life in order: created, due, each attempt's start and end, and its finish.</summary>
internal static class Timeline
{
    public static IReadOnlyList<TimelineEntry> Of(JobDetail detail)
    {
        var job = detail.Job;
        var list = new List<TimelineEntry> { new(job.CreatedAt, "created", $"queue {job.Queue}, priority {job.Priority}", "") };
        if (job.RunAt > job.CreatedAt.AddSeconds(1) && detail.Attempts.Count == 0) list.Add(new(job.RunAt, "due", null, ""));
        foreach (var a in detail.Attempts)
        {
            if (a.StartedAt is { } started) list.Add(new(started, $"attempt {a.Attempt} started", a.Worker, ""));
            var took = a.StartedAt is { } s ? $" after {Duration(a.FinishedAt - s)}" : "";
            list.Add(new(a.FinishedAt, $"attempt {a.Attempt}: {a.State}", (a.Error ?? "") + took, "s-" + a.State.ToLowerInvariant()));
        }
        if (job.State == JobState.Started && job.StartedAt is { } now && detail.Attempts.All(a => a.Attempt != job.Attempt))
            list.Add(new(now, $"attempt {job.Attempt} started", job.Worker, "s-started"));
        return list.OrderBy(e => e.At).ToList();
    }

    public static string Duration(TimeSpan span) => span.TotalSeconds < 1
        ? span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
        : span.TotalMinutes < 2 ? span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s"
        : span.TotalHours < 2 ? span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min"
        : span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
}
