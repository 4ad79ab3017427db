using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs queues</c>: job counts per queue and state.</summary>
internal static class QueuesCommand
{
    public static Command Create(GlobalOptions globals)
        => new Command("queues", "Show how many jobs each queue has in each state.").WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var stats = await session.Admin.CountJobsAsync(ct);
            if (ctx.Json)
            {
                JsonOutput.Write(stats);
                return ExitCodes.Success;
            }
            var table = Terminal.Table("queue", "scheduled", "pending", "running", "succeeded", "failed", "retrying", "revoked")
                .Numeric(1, 2, 3, 4, 5, 6, 7);
            foreach (var q in stats) table.AddCells(q.Queue, q.Scheduled, q.Pending, q.Running, q.Succeeded, q.Failed, q.Retrying, q.Revoked);
            if (stats.Count == 0) Terminal.Line("no jobs");
            else Terminal.Write(table);
            return ExitCodes.Success;
        });
}
