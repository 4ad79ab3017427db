using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs status ID</c>: prints the job's stored state (SCHEDULED, PENDING, STARTED, RETRY, SUCCESS, FAILURE, REVOKED).</summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = CliOptions.JobId();
        return new Command("status", "Print a job's state.") { id }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var job = await session.GetJobAsync(ctx.Get(id), ct);
            if (ctx.Json) JsonOutput.Write(JobView.From(job));
            else Terminal.Line(job.State);
            return ExitCodes.Success;
        });
    }
}
