using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs concurrency set TASK N | set --queue Q N</c>, <c>jobs concurrency clear TASK | --queue Q</c>,
/// <c>jobs concurrency list</c>: at most N jobs of a task or queue run at once across all workers.
/// </summary>
internal static class ConcurrencyCommand
{
    public static Command Create(GlobalOptions globals)
        => new("concurrency", "Limit how many jobs of a task or queue run at once, across all workers.")
        {
            Set(globals), Clear(globals), LimitsTable.ListCommand(globals),
        };

    private static Command Set(GlobalOptions globals)
    {
        var target = new LimitTarget("N");
        var command = new Command("set", "Set a concurrency limit (running jobs beyond it are not stopped; no new ones start).");
        target.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var (scope, name, value) = target.Read(ctx);
            if (!int.TryParse(value, out var max) || max < 1)
                throw CliException.Usage($"'{value}' is not a concurrency limit; give a whole number of at least 1");
            await using var session = ctx.OpenSession();
            await session.Admin.SetConcurrencyLimitAsync(scope, name, max, ct);
            if (ctx.Json) JsonOutput.Write(new { scope = scope.ToText(), name, maxRunning = max });
            else Terminal.Line($"{LimitTarget.Describe(scope, name)}: at most {max} running");
            return ExitCodes.Success;
        });
    }

    private static Command Clear(GlobalOptions globals)
    {
        var target = new LimitTarget(null);
        var command = new Command("clear", "Remove a concurrency limit.");
        target.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var (scope, name, _) = target.Read(ctx);
            await using var session = ctx.OpenSession();
            if (!await session.Admin.SetConcurrencyLimitAsync(scope, name, null, ct))
                throw CliException.Usage($"{LimitTarget.Describe(scope, name)} has no concurrency limit");
            if (ctx.Json) JsonOutput.Write(new { scope = scope.ToText(), name, maxRunning = (int?)null });
            else Terminal.Line($"{LimitTarget.Describe(scope, name)}: concurrency limit cleared");
            return ExitCodes.Success;
        });
    }
}
