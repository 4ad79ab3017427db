using System.CommandLine;
using Jobs.Cli.Keys;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs status ID</c>: prints the job's stored state (SCHEDULED, PENDING, STARTED, RETRY, SUCCESS, FAILURE, REVOKED)
/// on the first line, then its attempt history (one row per ended attempt) when it has one. <c>--json</c> prints the
/// job with its attempts.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var id = CliOptions.JobId();
        var keys = new KeyOptions(worker: false, reader: true);
        var command = new Command("status", "Print a job's state and its attempts.") { id };
        keys.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var keySettings = keys.Resolve(ctx);
            await using var session = ctx.OpenSession(configure: keySettings.Apply);
            var job = await session.GetJobAsync(ctx.Get(id), ct);
            var attempts = (await session.Admin.GetJobAsync(job.Id, ct))?.Attempts ?? [];
            if (ctx.Json)
            {
                JsonOutput.Write(JobView.From(job) with { Attempts = attempts.Select(AttemptView.From).ToList() });
                return ExitCodes.Success;
            }
            Terminal.Line(job.State);
            // Not plain JSON: the wire format, and whether the payload could be read (README "Payloads: codecs and compression").
            if (job.ContentType != Payloads.ContentTypes.Json || job.ContentEncoding is not null || job.Signed)
                Terminal.Line($"payload: {job.ContentType}{(job.ContentEncoding is null ? "" : " + " + job.ContentEncoding)}{(job.Signed ? ", signed" : "")}");
            if (job.SignatureCheck is not null) Terminal.Line($"signature: {job.SignatureCheck}");
            if (job.PayloadError is not null) Terminal.Line($"payload not decoded: {job.PayloadError}");
            if (attempts.Count > 0)
            {
                var table = Terminal.Table("attempt", "state", "worker", "started", "finished", "error");
                foreach (var a in attempts)
                    table.AddCells(a.Attempt, a.State, a.Worker, Time(a.StartedAt), Time(a.FinishedAt), Shorten(a.Error));
                Terminal.Write(table);
            }
            return ExitCodes.Success;
        });
    }

    private static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff") ?? "";

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 80 ? s : s[..79] + "…";
}
