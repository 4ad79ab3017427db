using System.Globalization;

namespace Jobs.Limits;

/// <summary>A limit declared in code (a task's or queue's options), upserted when a worker host starts.</summary>
internal sealed record LimitDeclaration(LimitScope Scope, string Name, RateLimit? Rate, int? MaxRunning)
{
    /// <summary>The declaration as stored in job_limit.declared; a restart rewrites the limit only when this changed.</summary>
    public string Text => string.Join(' ', new[]
    {
        Rate is { } r ? $"rate={r} burst={r.Burst.ToString(CultureInfo.InvariantCulture)}" : null,
        MaxRunning is { } n ? $"max_running={n}" : null,
    }.Where(p => p is not null));

    /// <summary>Builds a declaration from options; null when they set no limit. Bad values throw with the owner named.</summary>
    public static LimitDeclaration? From(LimitScope scope, string name, string? rate, double? burst, int? maxRunning)
    {
        if (rate is null && burst is not null)
            throw new ArgumentException($"{Owner(scope, name)} sets a rate limit burst without a rate limit.");
        if (maxRunning is < 1)
            throw new ArgumentException($"{Owner(scope, name)}: a concurrency limit must be at least 1 (was {maxRunning}).");
        RateLimit? parsed = null;
        if (rate is not null)
        {
            try { parsed = RateLimit.Parse(rate, burst); }
            catch (FormatException ex) { throw new ArgumentException($"{Owner(scope, name)}: {ex.Message}", ex); }
        }
        return parsed is null && maxRunning is null ? null : new LimitDeclaration(scope, name, parsed, maxRunning);
    }

    private static string Owner(LimitScope scope, string name) => scope == LimitScope.Task ? $"Task '{name}'" : $"Queue '{name}'";
}
