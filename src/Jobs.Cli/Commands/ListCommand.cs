using System.CommandLine;
using Jobs.Cli.Output;
using Jobs.Storage;

namespace Jobs.Cli.Commands;

/// <summary><c>jobs list [--state S] [--queue Q] [--task T] [--limit N]</c>: the newest jobs as a table.</summary>
internal static class ListCommand
{
    /// <summary>The states a stored job can be in.</summary>
    public static readonly string[] StoredStates =
        [JobState.Scheduled, JobState.Pending, JobState.Started, JobState.Retry, JobState.Success, JobState.Failure, JobState.Revoked];

    public static Command Create(GlobalOptions globals)
    {
        var state = new Option<string?>("--state")
        {
            Description = $"Only jobs in this state: {string.Join(", ", StoredStates)}.",
            CustomParser = r =>
            {
                var text = r.Tokens.Single().Value;
                var match = StoredStates.FirstOrDefault(s => s.Equals(text, StringComparison.OrdinalIgnoreCase));
                if (match is null) r.AddError($"--state: unknown state '{text}'; use one of {string.Join(", ", StoredStates)}");
                return match;
            },
        };
        var queue = new Option<string?>("--queue", "-Q") { Description = "Only jobs of this queue." };
        var task = new Option<string?>("--task") { Description = "Only jobs of this task." };
        var limit = CliOptions.Integer("--limit", "At most this many jobs (newest first, up to 1000).", 50, min: 1);
        var arg = new Option<string?>("--arg")
        {
            Description = "Only jobs whose argument at PATH (dot-separated) equals VALUE (JSON, else text): customer=ACME, order.total=42.",
            HelpName = "PATH=VALUE",
        };
        var after = new Option<Guid?>("--after") { Description = "The next page: jobs older than this id (the last id of the previous page).", HelpName = "ID" };
        return new Command("list", "List jobs, newest first.") { state, queue, task, arg, after, limit }.WithAction(globals, async (ctx, ct) =>
        {
            if (ctx.Get(limit) > 1000) throw CliException.Usage("--limit: at most 1000 jobs per page; page on with --after");
            var (path, value) = ArgFilter(ctx.Get(arg));
            await using var session = ctx.OpenSession();
            var page = await session.Admin.SearchJobsAsync(new JobSearch
            {
                States = ctx.Get(state) is { } s ? [s] : null, Queue = ctx.Get(queue), Task = ctx.Get(task), ArgPath = path, ArgValue = value,
                After = ctx.Get(after), Limit = ctx.Get(limit),
            }, ct);
            var jobs = page.Jobs;
            if (ctx.Json)
            {
                JsonOutput.Write(jobs.Select(JobView.From));
                return ExitCodes.Success;
            }
            var table = Terminal.Table("id", "task", "queue", "state", "attempt", "created", "finished", "error");
            foreach (var j in jobs)
                table.AddCells(j.Id, j.Task, j.Queue, j.State, $"{j.Attempt}/{j.MaxAttempts}", Time(j.CreatedAt), Time(j.FinishedAt), Shorten(j.Error));
            Terminal.Write(table);
            Terminal.Line(page.Next is { } next ? $"{jobs.Count} job(s); more with --after {next}" : $"{jobs.Count} job(s)");
            return ExitCodes.Success;
        });
    }

    /// <summary>Splits <c>PATH=VALUE</c>; VALUE is JSON when it parses as JSON (42, true, "x", null), else text.</summary>
    private static (string? Path, object? Value) ArgFilter(string? text)
    {
        if (text is null) return (null, null);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw CliException.Usage($"--arg: '{text}' is not PATH=VALUE");
        var raw = text[(eq + 1)..];
        try { return (text[..eq], System.Text.Json.JsonDocument.Parse(raw).RootElement.Clone()); }
        catch (System.Text.Json.JsonException) { return (text[..eq], raw); }
    }

    private static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "";

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..59] + "…";
}
