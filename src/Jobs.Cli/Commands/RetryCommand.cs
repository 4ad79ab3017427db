using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs retry ID | --failed</c>: requeues a FAILURE or REVOKED job, or every FAILURE job, to run now.</summary>
internal static class RetryCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = CliOptions.JobId("The FAILURE or REVOKED job to run again.");
        id.Arity = ArgumentArity.ZeroOrOne;
        var failed = new Option<bool>("--failed") { Description = "Retry every FAILURE job." };
        var command = new Command("retry", "Requeue a failed or revoked job (or all failed jobs) with one more attempt.") { id, failed };
        command.Validators.Add(r =>
        {
            var hasId = r.GetResult(id) is { Tokens.Count: > 0 };
            var all = r.GetValue(failed);
            if (hasId == all) r.AddError("give either a job ID or --failed");
        });
        return command.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            IReadOnlyList<Guid>? ids = null;
            if (!ctx.Get(failed))
            {
                var job = await session.GetJobAsync(ctx.Get(id), ct);
                if (job.State is not (JobState.Failure or JobState.Revoked))
                    throw CliException.Usage($"job {job.Id} is {job.State}; only FAILURE and REVOKED jobs can be retried");
                ids = [job.Id];
            }
            var retried = await session.Admin.RetryJobsAsync(ids is null ? JobSelection.Matching(new JobSearch { States = [JobState.Failure] }) : JobSelection.Of(ids), ct);
            if (ctx.Json) JsonOutput.Write<object>(ids is null ? new { retried } : new { retried, ids });
            else Terminal.Line(ids is null ? $"retried {retried} failed job(s)" : $"retried {ids[0]}");
            return ExitCodes.Success;
        });
    }
}
