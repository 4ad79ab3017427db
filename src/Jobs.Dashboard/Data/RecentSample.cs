namespace Jobs.Dashboard.Data;

/// <summary>Run and wait time percentiles of one task over the newest finished jobs.</summary>
internal sealed record TaskTimes(string Task, int Jobs, double? RunP50Ms, double? RunP95Ms, double? WaitP50Ms, double? WaitP95Ms);

/// <summary>
/// Wait times (started_at − run_at) and run times (finished_at − started_at) per task, from the newest 1000 finished
/// jobs: one keyset page, so its cost does not grow with the table (the reporting views have no wait time).
/// </summary>
internal static class RecentSample
{
    public const int Size = 1000;

    public static async Task<IReadOnlyList<TaskTimes>> ReadAsync(JobAdmin admin, CancellationToken ct)
    {
        var page = await admin.SearchJobsAsync(new JobSearch { States = [JobState.Success, JobState.Failure], Limit = Size }, ct).ConfigureAwait(false);
        return page.Jobs.Where(j => j.StartedAt is not null).GroupBy(j => j.Task, StringComparer.Ordinal).Select(g =>
        {
            var run = g.Where(j => j.FinishedAt is not null).Select(j => (j.FinishedAt!.Value - j.StartedAt!.Value).TotalMilliseconds).ToList();
            var wait = g.Select(j => Math.Max(0, (j.StartedAt!.Value - j.RunAt).TotalMilliseconds)).ToList();
            return new TaskTimes(g.Key, g.Count(), Percentile(run, 0.5), Percentile(run, 0.95), Percentile(wait, 0.5), Percentile(wait, 0.95));
        }).OrderBy(t => t.Task, StringComparer.Ordinal).ToList();
    }

    /// <summary>Linear interpolation between closest ranks (as PostgreSQL's percentile_cont).</summary>
    public static double? Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return null;
        values.Sort();
        var rank = p * (values.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return values[low] + (values[high] - values[low]) * (rank - low);
    }
}
