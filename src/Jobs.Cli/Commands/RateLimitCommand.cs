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
            RateLimit rate;
            try { rate = RateLimit.Parse(value!, ctx.Get(burst)); }
            catch (FormatException ex) { throw CliException.Usage(ex.Message); }
            await using var session = ctx.OpenSession();
            await session.Store.SetRateLimitAsync(scope, name, rate, ct);
            if (ctx.Json) JsonOutput.Write(new { scope = scope.ToText(), name, rate = rate.ToString(), burst = rate.Burst });
            else Terminal.Line($"{LimitTarget.Describe(scope, name)}: rate limit {rate} (burst {rate.Burst.ToString(CultureInfo.InvariantCulture)})");
            return ExitCodes.Success;
        });
    }

    private static Command Clear(GlobalOptions globals)
    {
        var target = new LimitTarget(null);
        var command = new Command("clear", "Remove a rate limit (a limit declared in code comes back only when its declaration changes).");
        target.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var (scope, name, _) = target.Read(ctx);
            await using var session = ctx.OpenSession();
            if (!await session.Store.SetRateLimitAsync(scope, name, null, ct))
                throw CliException.Usage($"{LimitTarget.Describe(scope, name)} has no rate limit");
            if (ctx.Json) JsonOutput.Write(new { scope = scope.ToText(), name, rate = (string?)null });
            else Terminal.Line($"{LimitTarget.Describe(scope, name)}: rate limit cleared");
            return ExitCodes.Success;
        });
    }
}
