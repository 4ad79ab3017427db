using System.CommandLine;
using System.Globalization;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs ratelimit set TASK RATE [--burst N] | set --queue Q RATE</c>, <c>jobs ratelimit clear TASK | --queue Q</c>,
/// <c>jobs ratelimit list</c>: token buckets in the database, shared by every worker, taking effect on their next claim.
/// </summary>
internal static class RateLimitCommand
{
    public static Command Create(GlobalOptions globals)
        => new("ratelimit", "Limit how many jobs of a task or queue start per second, minute or hour, across all workers.")
        {
            Set(globals), Clear(globals), LimitsTable.ListCommand(globals),
        };

    private static Command Set(GlobalOptions globals)
    {
        var target = new LimitTarget("RATE");
        var burst = new Option<double?>("--burst") { Description = "The bucket's capacity (jobs that may start at once). Default: one second's worth, at least 1." };
        var command = new Command("set", "Set a rate limit: 10/s, 100/m or 1000/h. The bucket starts full.") { burst };
        target.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var (scope, name, value) = target.Read(ctx);
            var rate = Parse(value!, ctx.Get(burst));
            await using var session = ctx.OpenSession();
            await StoreAsync(session, scope, name, rate, ct);
            if (ctx.Json) JsonOutput.Write(SetJson(scope, name, rate));
            else Terminal.Line(SetLine(scope, name, rate));
            return ExitCodes.Success;
        });
    }

    // Shared with `jobs control rate-limit`, which stores the limit the same way and then tells the workers.

    /// <summary>Parses a rate (10/s, 100/m, 1000/h); a bad one is a usage error.</summary>
    internal static RateLimit Parse(string value, double? burst)
    {
        try { return RateLimit.Parse(value, burst); }
        catch (FormatException ex) { throw CliException.Usage(ex.Message); }
    }

    /// <summary>Stores a rate limit (the bucket starts full).</summary>
    internal static Task StoreAsync(JobsSession session, LimitScope scope, string name, RateLimit rate, CancellationToken ct)
        => session.Admin.SetRateLimitAsync(scope, name, rate.ToString(), rate.Burst, ct);

    /// <summary>Removes a rate limit; a missing one is a usage error.</summary>
    internal static async Task ClearAsync(JobsSession session, LimitScope scope, string name, CancellationToken ct)
    {
        if (!await session.Admin.SetRateLimitAsync(scope, name, null, cancellationToken: ct))
            throw CliException.Usage($"{LimitTarget.Describe(scope, name)} has no rate limit");
    }

    internal static object SetJson(LimitScope scope, string name, RateLimit rate)
        => new { scope = scope.ToText(), name, rate = rate.ToString(), burst = rate.Burst };

    internal static string SetLine(LimitScope scope, string name, RateLimit rate)
        => $"{LimitTarget.Describe(scope, name)}: rate limit {rate} (burst {rate.Burst.ToString(CultureInfo.InvariantCulture)})";

    internal static object ClearedJson(LimitScope scope, string name) => new { scope = scope.ToText(), name, rate = (string?)null };

    internal static string ClearedLine(LimitScope scope, string name) => $"{LimitTarget.Describe(scope, name)}: rate limit cleared";

    private static Command Clear(GlobalOptions globals)
    {
        var target = new LimitTarget(null);
        var command = new Command("clear", "Remove a rate limit (a limit declared in code comes back only when its declaration changes).");
        target.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var (scope, name, _) = target.Read(ctx);
            await using var session = ctx.OpenSession();
            await ClearAsync(session, scope, name, ct);
            if (ctx.Json) JsonOutput.Write(ClearedJson(scope, name));
            else Terminal.Line(ClearedLine(scope, name));
            return ExitCodes.Success;
        });
    }
}
