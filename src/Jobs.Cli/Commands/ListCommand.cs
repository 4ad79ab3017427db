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
        var limit = CliOptions.Integer("--limit", "At most this many jobs (newest first).", 50, min: 1);
        return new Command("list", "List jobs, newest first.") { state, queue, task, limit }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var jobs = await session.Store.ListJobsAsync(new JobFilter(ctx.Get(state), ctx.Get(queue), ctx.Get(task), ctx.Get(limit)), ct);
            if (ctx.Json)
            {
                JsonOutput.Write(jobs.Select(JobView.From));
                return ExitCodes.Success;
            }
            var table = Terminal.Table("id", "task", "queue", "state", "attempt", "created", "finished", "error");
            foreach (var j in jobs)
                table.AddCells(j.Id, j.Task, j.Queue, j.State, $"{j.Attempt}/{j.MaxAttempts}", Time(j.CreatedAt), Time(j.FinishedAt), Shorten(j.Error));
            Terminal.Write(table);
            Terminal.Line($"{jobs.Count} job(s)");
            return ExitCodes.Success;
        });
    }

    private static string Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "";

    private static string Shorten(string? s) => s is null ? "" : s.Length <= 60 ? s : s[..59] + "…";
}
