using System.CommandLine;
using Jobs.Beat;
using Jobs.Cli.Output;
using Jobs.Storage;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs schedule add|list|remove|enable|disable</c>: periodic tasks managed at run time (the beat picks up
/// changes on its next round). <c>add</c> of an existing name replaces its definition.
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create(GlobalOptions globals)
        => new("schedule", "Manage periodic tasks (run by `jobs beat` or `jobs worker --beat`).")
        {
            Add(globals), List(globals),
            Toggle(globals, "remove", "Delete a schedule.", (s, n, ct) => s.RemoveScheduleAsync(n, ct), "removed"),
            Toggle(globals, "enable", "Resume a paused schedule.", (s, n, ct) => s.SetScheduleEnabledAsync(n, true, ct), "enabled"),
            Toggle(globals, "disable", "Pause a schedule (its slots are not fired while paused).", (s, n, ct) => s.SetScheduleEnabledAsync(n, false, ct), "disabled"),
        };

    private static Command Add(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's unique name." };
        var task = new Option<string>("--task", "-t") { Description = "The task to enqueue.", Required = true };
        var cron = new Option<string?>("--cron") { Description = "A cron expression: 5 fields, or 6 with leading seconds.", HelpName = "expr" };
        var every = CliOptions.Duration("--every", "A fixed interval, e.g. 30s, 5m, 1h");
        var args = new Option<string?>("--args") { Description = "The arguments as JSON. Default: {}.", HelpName = "json" };
        var queue = new Option<string?>("--queue", "-Q") { Description = "The queue. Default: default." };
        var priority = CliOptions.OptionalInteger("--priority", "Higher runs first. Default: 0.", short.MinValue, short.MaxValue);
        var zone = new Option<string>("--tz") { Description = "The IANA time zone the cron expression is read in.", DefaultValueFactory = _ => "UTC" };
        var catchUp = new Option<string>("--catch-up") { Description = "Missed slots: once (fire one job on catch-up) or skip.", DefaultValueFactory = _ => "once" };
        catchUp.AcceptOnlyFromAmong(ScheduleDefinition.RunOnce, ScheduleDefinition.Skip);
        var assemblies = CliOptions.Assemblies();
        var command = new Command("add", "Create or replace a schedule.") { name, task, cron, every, args, queue, priority, zone, catchUp, assemblies };
        command.Validators.Add(r =>
        {
            if ((r.GetResult(cron) is null) == (r.GetResult(every) is null)) r.AddError("give exactly one of --cron and --every");
        });
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var argsJson = EnqueueCommand.ValidateJson(ctx.Get(args));
            ScheduleSlots.Validate(ctx.Get(cron), ctx.Get(every), ctx.Get(zone)!);
            await using var session = ctx.OpenSession(ctx.Get(assemblies));
            EnqueueCommand.EnsureKnown(session, ctx.Get(task)!);
            var definition = new ScheduleDefinition(ctx.Get(name)!, ctx.Get(task)!, argsJson, ctx.Get(queue) ?? session.Options.DefaultQueue,
                (short)(ctx.Get(priority) ?? 0), ctx.Get(cron)?.Trim(), ctx.Get(every) is { } e ? (long)e.TotalMilliseconds : null,
                ctx.Get(zone)!, ctx.Get(catchUp)!);
            await session.Store.UpsertSchedulesAsync([definition], ct);
            var saved = (await session.Store.ListSchedulesAsync(ct)).Single(s => s.Definition.Name == definition.Name);
            if (ctx.Json) JsonOutput.Write(View(saved));
            else Terminal.Line($"schedule {definition.Name} saved; next run {Format(saved.NextRunAt)}");
            return ExitCodes.Success;
        });
    }

    private static Command List(GlobalOptions globals)
        => new Command("list", "List schedules with their last and next runs.").WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var schedules = await session.Store.ListSchedulesAsync(ct);
            if (ctx.Json)
            {
                JsonOutput.Write(schedules.Select(View));
                return ExitCodes.Success;
            }
            if (schedules.Count == 0)
            {
                Terminal.Line("no schedules");
                return ExitCodes.Success;
            }
            var table = Terminal.Table("name", "task", "when", "tz", "queue", "enabled", "next run", "last run", "last job");
            foreach (var s in schedules)
            {
                var d = s.Definition;
                table.AddCells(d.Name, d.Task, When(d), d.TimeZone, d.Queue, s.Enabled ? "yes" : "no", Format(s.NextRunAt), Format(s.LastRunAt), s.LastJobId?.ToString() ?? "-");
            }
            Terminal.Write(table);
            return ExitCodes.Success;
        });

    private static Command Toggle(GlobalOptions globals, string verb, string description, Func<JobStore, string, CancellationToken, Task<bool>> act, string done)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's name." };
        return new Command(verb, description) { name }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            if (!await act(session.Store, ctx.Get(name)!, ct)) throw CliException.Usage($"no schedule named '{ctx.Get(name)}'");
            if (ctx.Json) JsonOutput.Write(new { name = ctx.Get(name), result = done });
            else Terminal.Line($"schedule {ctx.Get(name)} {done}");
            return ExitCodes.Success;
        });
    }

    private static object View(ScheduleInfo s) => new
    {
        name = s.Definition.Name, task = s.Definition.Task, cron = s.Definition.Cron, everyMs = s.Definition.EveryMs,
        timeZone = s.Definition.TimeZone, queue = s.Definition.Queue, priority = s.Definition.Priority, catchUp = s.Definition.CatchUp,
        args = System.Text.Json.JsonDocument.Parse(s.Definition.ArgsJson).RootElement, enabled = s.Enabled,
        nextRunAt = s.NextRunAt, lastRunAt = s.LastRunAt, lastJobId = s.LastJobId,
    };

    private static string When(ScheduleDefinition d) => d.Cron is { } c ? $"cron {c}" : $"every {TimeSpan.FromMilliseconds(d.EveryMs!.Value)}";

    private static string Format(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
