using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs purge [--queue Q] [--finished-before TIME]</c>: deletes waiting jobs (SCHEDULED, PENDING, RETRY) like
/// <c>celery purge</c>, or with <c>--finished-before</c>, finished jobs that finished before that time.
/// </summary>
internal static class PurgeCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var queue = new Option<string?>("--queue", "-Q") { Description = "Only this queue. Default: every queue." };
        var before = CliOptions.Time("--finished-before", "Delete finished jobs (SUCCESS, FAILURE, REVOKED) that finished before this time, instead of waiting ones");
        return new Command("purge", "Delete waiting jobs, or old finished ones, and print how many were deleted.") { queue, before }
            .WithAction(globals, async (ctx, ct) =>
            {
                await using var session = ctx.OpenSession();
                var deleted = await session.Admin.PurgeAsync(ctx.Get(queue), ctx.Get(before), ct);
                if (ctx.Json) JsonOutput.Write(new { purged = deleted });
                else Terminal.Line($"purged {deleted} job(s)");
                return ExitCodes.Success;
            });
    }
}
