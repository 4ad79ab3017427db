using System.Globalization;

namespace Jobs;

/// <summary>A soft and a hard time limit, either may be absent; validation and precedence (job &gt; task &gt; worker).</summary>
internal readonly record struct TimeLimits(TimeSpan? Soft, TimeSpan? Hard)
{
    /// <summary>Throws when a limit is not positive, too long to store, or the soft limit is not below the hard one.</summary>
    public static void Validate(TimeSpan? soft, TimeSpan? hard, string subject)
    {
        Check(soft, "SoftTimeLimit", subject);
        Check(hard, "TimeLimit", subject);
        if (soft is { } s && hard is { } h && s >= h)
            throw new ArgumentException($"SoftTimeLimit ({Seconds(s)}) for {subject} must be less than TimeLimit ({Seconds(h)}).");
    }

    /// <summary>Each limit from the first level that sets it: the job's, then the task's, then the worker's.</summary>
    public static TimeLimits Resolve(int? jobSoftMs, int? jobHardMs, TimeLimits task, TimeLimits worker) => new(
        jobSoftMs is { } s ? TimeSpan.FromMilliseconds(s) : task.Soft ?? worker.Soft,
        jobHardMs is { } h ? TimeSpan.FromMilliseconds(h) : task.Hard ?? worker.Hard);

    /// <summary>A limit in whole milliseconds, as stored (null stays null).</summary>
    public static int? ToMs(TimeSpan? limit) => limit is { } l ? (int)Math.Max(1, Math.Ceiling(l.TotalMilliseconds)) : null;

    /// <summary>"1.5s": a limit as error messages show it.</summary>
    public static string Seconds(TimeSpan limit) => limit.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static void Check(TimeSpan? limit, string name, string subject)
    {
        if (limit is not { } l) return;
        if (l <= TimeSpan.Zero) throw new ArgumentException($"{name} for {subject} must be positive (was {l}).");
        if (l.TotalMilliseconds > int.MaxValue) throw new ArgumentException($"{name} for {subject} must be at most {TimeSpan.FromMilliseconds(int.MaxValue)} (was {l}).");
    }
}
