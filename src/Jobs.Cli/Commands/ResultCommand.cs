using System.CommandLine;
using Jobs.Cli.Keys;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs result ID [--wait DURATION]</c>: prints the result JSON of a SUCCESS job. Exit 1 when the job failed or was
/// revoked (its error on stderr), when the wait timed out, or when it has not finished and no wait was asked for.
/// </summary>
internal static class ResultCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = CliOptions.JobId();
        var wait = CliOptions.Duration("--wait", "Wait this long for the job to finish");
        var keys = new KeyOptions(worker: false, reader: true);
        var command = new Command("result", "Print a finished job's result (JSON).") { id, wait };
        keys.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var keySettings = keys.Resolve(ctx);
            await using var session = ctx.OpenSession(configure: keySettings.Apply);
            var job = await session.GetJobAsync(ctx.Get(id), ct);
            if (!job.IsReady && ctx.Get(wait) is { } timeout)
            {
                try
                {
                    job = await session.Client.GetResult(job.Id).WaitAsync(timeout, ct);
                }
                catch (TimeoutException)
                {
                    var state = (await session.GetJobAsync(job.Id, ct)).State;
                    throw new CliException($"job {job.Id} did not finish within {ctx.Parse.GetResult(wait)!.Tokens[0].Value} (it is {state})", ExitCodes.JobFailed);
                }
            }
            if (ctx.Json) JsonOutput.Write(JobView.From(job));
            return job.State switch
            {
                JobState.Success when job.PayloadError is not null => throw new CliException($"job {job.Id} succeeded but its result cannot be read: {job.PayloadError}", ExitCodes.JobFailed),
                JobState.Success => Print(ctx, job),
                JobState.Failure or JobState.Revoked => throw new CliException($"job {job.Id} ({job.Task}) ended {job.State}: {job.Error}", ExitCodes.JobFailed),
                _ => throw new CliException($"job {job.Id} has not finished (it is {job.State}); wait for it with --wait 30s", ExitCodes.JobFailed),
            };
        });
    }

    private static int Print(CliContext ctx, JobInfo job)
    {
        if (!ctx.Json) Terminal.Line(job.Result is null ? "null" : JsonOutput.Compact(job.Result));
        return ExitCodes.Success;
    }
}
