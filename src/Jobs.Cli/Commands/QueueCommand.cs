using System.CommandLine;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs queue list|pause|resume</c>: queues at run time. A paused queue's jobs are claimed by no worker anywhere
/// (running ones finish) until it is resumed; resuming wakes the workers at once, as an enqueue does.
/// </summary>
internal static class QueueCommand
{
    public static Command Create(GlobalOptions globals)
        => new("queue", "List, pause and resume queues.")
        {
            List(globals),
            Toggle(globals, "pause", "Stop every worker claiming a queue's jobs (running ones finish) until it is resumed.",
                (admin, q, ct) => admin.PauseQueueAsync(q, ct), "paused", "already paused"),
            Toggle(globals, "resume", "Let workers claim a paused queue's jobs again.", (admin, q, ct) => admin.ResumeQueueAsync(q, ct), "resumed", "not paused"),
        };

    private static Command List(GlobalOptions globals)
        => new Command("list", "Show each queue: paused or not, jobs ready, scheduled and running, and the oldest wait.").WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var queues = await session.Admin.ListQueuesAsync(ct);
            if (ctx.Json)
            {
                JsonOutput.Write(queues.Select(q => new
                {
                    name = q.Name, paused = q.Paused, pausedAt = q.PausedAt, ready = q.Ready, scheduled = q.Scheduled, running = q.Running,
                    oldestWaitMs = q.OldestWait?.TotalMilliseconds,
                }));
                return ExitCodes.Success;
            }
            if (queues.Count == 0)
            {
                Terminal.Line("no queues");
                return ExitCodes.Success;
            }
            var table = Terminal.Table("queue", "state", "ready", "scheduled", "running", "oldest wait").Numeric(2, 3, 4);
            foreach (var q in queues)
                table.AddCells(q.Name, q.Paused ? "paused" : "running", q.Ready, q.Scheduled, q.Running, q.OldestWait is { } w ? Wait(w) : "-");
            Terminal.Write(table);
            return ExitCodes.Success;
        });

    private static Command Toggle(GlobalOptions globals, string verb, string description, Func<JobAdmin, string, CancellationToken, Task<bool>> act,
        string done, string already)
    {
        var name = new Argument<string>("QUEUE") { Description = "The queue's name." };
        return new Command(verb, description) { name }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var changed = await act(session.Admin, ctx.Get(name)!, ct);
            if (ctx.Json) JsonOutput.Write(new { queue = ctx.Get(name), result = changed ? done : already });
            else Terminal.Line($"queue {ctx.Get(name)} {(changed ? done : already)}");
            return ExitCodes.Success;
        });
    }

    private static string Wait(TimeSpan w) => w.TotalSeconds < 1 ? $"{w.TotalMilliseconds:0} ms" : w.TotalMinutes < 2 ? $"{w.TotalSeconds:0.0} s" : $"{w.TotalMinutes:0} min";
}
