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
            Toggle(globals, "remove", "Delete a schedule.", (a, n, ct) => a.RemoveScheduleAsync(n, ct), "removed"),
            Toggle(globals, "enable", "Resume a paused schedule.", (a, n, ct) => a.EnableScheduleAsync(n, ct), "enabled"),
            Toggle(globals, "disable", "Pause a schedule (its slots are not fired while paused).", (a, n, ct) => a.DisableScheduleAsync(n, ct), "disabled"),
            Trigger(globals),
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
            using var argsDocument = System.Text.Json.JsonDocument.Parse(argsJson);
            var saved = await session.Admin.AddScheduleAsync(ctx.Get(name)!, ctx.Get(task)!, argsDocument.RootElement.Clone(), s =>
            {
                s.Cron = ctx.Get(cron)?.Trim();
                s.Every = ctx.Get(every);
                s.TimeZone = ctx.Get(zone)!;
                s.Queue = ctx.Get(queue);
                s.Priority = (short)(ctx.Get(priority) ?? 0);
                s.CatchUp = ctx.Get(catchUp) == ScheduleDefinition.Skip ? MissedSlots.Skip : MissedSlots.RunOnce;
            }, ct);
            if (ctx.Json) JsonOutput.Write(View(saved));
            else Terminal.Line($"schedule {saved.Name} saved; next run {Format(saved.NextRunAt)}");
            return ExitCodes.Success;
        });
    }

    private static Command List(GlobalOptions globals)
        => new Command("list", "List schedules with their last and next runs.").WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var schedules = await session.Admin.ListSchedulesAsync(ct);
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
                table.AddCells(s.Name, s.Task, When(s), s.TimeZone, s.Queue, s.Enabled ? "yes" : "no", Format(s.NextRunAt), Format(s.LastRunAt), s.LastJobId?.ToString() ?? "-");
            Terminal.Write(table);
            return ExitCodes.Success;
        });

    private static Command Toggle(GlobalOptions globals, string verb, string description, Func<JobAdmin, string, CancellationToken, Task<bool>> act, string done)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's name." };
        return new Command(verb, description) { name }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            if (!await act(session.Admin, ctx.Get(name)!, ct)) throw CliException.Usage($"no schedule named '{ctx.Get(name)}'");
            if (ctx.Json) JsonOutput.Write(new { name = ctx.Get(name), result = done });
            else Terminal.Line($"schedule {ctx.Get(name)} {done}");
            return ExitCodes.Success;
        });
    }

    private static Command Trigger(GlobalOptions globals)
    {
        var name = new Argument<string>("NAME") { Description = "The schedule's name." };
        return new Command("trigger", "Enqueue a schedule's job now (its timing is left alone).") { name }.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            if ((await session.Admin.ListSchedulesAsync(ct)).All(s => s.Name != ctx.Get(name))) throw CliException.Usage($"no schedule named '{ctx.Get(name)}'");
            var id = await session.Admin.TriggerScheduleAsync(ctx.Get(name)!, ct);
            if (ctx.Json) JsonOutput.Write(new { name = ctx.Get(name), id });
            else Terminal.Line(id.ToString());
            return ExitCodes.Success;
        });
    }

    private static object View(ScheduleEntry s) => new
    {
        name = s.Name, task = s.Task, cron = s.Cron, everyMs = s.Every is { } e ? (long?)e.TotalMilliseconds : null,
        timeZone = s.TimeZone, queue = s.Queue, priority = s.Priority, catchUp = s.CatchUp == MissedSlots.Skip ? ScheduleDefinition.Skip : ScheduleDefinition.RunOnce,
        args = System.Text.Json.JsonDocument.Parse(s.Args).RootElement, enabled = s.Enabled,
        nextRunAt = s.NextRunAt, lastRunAt = s.LastRunAt, lastJobId = s.LastJobId,
    };

    private static string When(ScheduleEntry s) => s.Cron is { } c ? $"cron {c}" : $"every {s.Every!.Value}";

    private static string Format(DateTimeOffset? t) => t?.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
