using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs revoke ID [--terminate]</c>: a waiting job never runs; a running one is cancelled (killed, with --terminate, in
/// the process pool) and its result discarded. For a running job the workers are also told through remote control, so
/// that it stops at once even where the store does not push the revoke to them (SQLite across processes).
/// </summary>
internal static class RevokeCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = CliOptions.JobId("The job to revoke.");
        var reason = new Option<string>("--reason") { Description = "Recorded as the job's error.", DefaultValueFactory = _ => "revoked" };
        var terminate = new Option<bool>("--terminate") { Description = "Kill the process running the job (process pool); other pools cancel it cooperatively." };
        return new Command("revoke", "Revoke a job that has not finished.") { id, reason, terminate }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var job = await session.GetJobAsync(ctx.Get(id), ct);
            // JobAdmin revokes in the database, then tells the workers (a running job stops at once, also where the store does not push it).
            var revoked = job.IsReady ? 0 : await session.Admin.RevokeJobsAsync(JobSelection.Of(job.Id), ctx.Get(terminate), ctx.Get(reason), ct);
            if (revoked == 0)
            {
                job = await session.GetJobAsync(job.Id, ct);
                if (job.State != JobState.Revoked)
                    throw CliException.Usage($"job {job.Id} already finished ({job.State}); there is nothing to revoke");
            }
            if (ctx.Json) JsonOutput.Write(new { id = job.Id, revoked = revoked == 1 });
            else Terminal.Line(revoked == 1 ? $"revoked {job.Id}" : $"{job.Id} was already revoked");
            return ExitCodes.Success;
        });
    }
}
