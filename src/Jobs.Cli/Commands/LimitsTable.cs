using System.CommandLine;
using System.Globalization;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs ratelimit list</c> / <c>jobs concurrency list</c>: every stored limit, its bucket and its running jobs.</summary>
internal static class LimitsTable
{
    public static Command ListCommand(GlobalOptions globals)
        => new Command("list", "List rate and concurrency limits with their buckets and running jobs.").WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var limits = await session.Admin.ListLimitsAsync(ct);
            if (ctx.Json)
            {
                JsonOutput.Write(limits.Select(l => new
                {
                    scope = l.Scope.ToText(), name = l.Name, rate = l.Rate, burst = l.Burst, tokens = l.Tokens,
                    maxRunning = l.MaxRunning, running = l.Running, declared = l.Declared,
                }));
                return ExitCodes.Success;
            }
            if (limits.Count == 0)
            {
                Terminal.Line("no limits");
                return ExitCodes.Success;
            }
            var table = Terminal.Table("scope", "name", "rate", "burst", "tokens", "max running", "running", "declared in code");
            foreach (var l in limits)
                table.AddCells(l.Scope.ToText(), l.Name, l.Rate ?? "-", Number(l.Burst), Number(l.Tokens), l.MaxRunning?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    l.Running.ToString(CultureInfo.InvariantCulture), l.Declared ?? "-");
            Terminal.Write(table);
            return ExitCodes.Success;
        });

    private static string Number(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";
}
