using System.Globalization;
using System.Text.Json;
using Jobs.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jobs.Dashboard.Endpoints;

/// <summary>Add or edit (<c>POST /schedules</c>), enable, disable, trigger now and remove a schedule.</summary>
internal static class ScheduleActionEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardApp app)
    {
        var permission = new RequiresPermission(DashboardPermissions.Schedules);
        group.MapPost("/schedules", PageEndpoints.Handler(ctx => SaveAsync(ctx, app))).WithMetadata(permission);
        foreach (var verb in new[] { "enable", "disable", "trigger", "remove" })
            group.MapPost("/schedules/{name}/" + verb, (HttpContext ctx, string name) => ActAsync(ctx, app, name, verb)).WithMetadata(permission);
    }

    private static async Task<IResult> ActAsync(HttpContext ctx, DashboardApp app, string name, string verb)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var ct = ctx.RequestAborted;
        string flash;
        Guid? job = null;
        switch (verb)
        {
            case "enable": flash = await app.Admin.EnableScheduleAsync(name, ct) ? $"Enabled {name}." : $"There is no schedule {name}."; break;
            case "disable": flash = await app.Admin.DisableScheduleAsync(name, ct) ? $"Disabled {name}: it fires no more until enabled." : $"There is no schedule {name}."; break;
            case "remove": flash = await app.Admin.RemoveScheduleAsync(name, ct) ? $"Removed {name}." : $"There is no schedule {name}."; break;
            default:
                try
                {
                    job = await app.Admin.TriggerScheduleAsync(name, ct);
                    flash = $"Triggered {name}: job {job}.";
                }
                catch (ArgumentException ex) { return app.Back(ctx, form, ex.Message, "/schedules"); }
                break;
        }
        app.Cache.Invalidate();
        await app.Recorder.RecordAsync(app.Recorder.UserOf(ctx), "schedule-" + verb, "schedule " + name, job is null ? null : 1, job);
        return app.Back(ctx, form, flash, "/schedules");
    }

    private static async Task<IResult> SaveAsync(HttpContext ctx, DashboardApp app)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var name = form["name"].ToString().Trim();
        try
        {
            var argsText = form["args"].ToString().Trim();
            JsonElement? args = null;
            if (argsText.Length > 0)
            {
                try { args = JsonDocument.Parse(argsText).RootElement.Clone(); }
                catch (JsonException ex) { throw new FormatException($"The arguments are not JSON: {ex.Message}"); }
            }
            var cron = form["cron"].ToString().Trim();
            var every = form["every"].ToString().Trim();
            var queue = form["queue"].ToString().Trim();
            var zone = form["timezone"].ToString().Trim();
            if ((cron.Length > 0) == (every.Length > 0)) throw new FormatException("Give either a cron expression or an interval.");
            await app.Admin.AddScheduleAsync(name, form["task"].ToString().Trim(), args, s =>
            {
                s.Cron = cron.Length > 0 ? cron : null;
                s.Every = every.Length > 0 ? Interval(every) : null;
                if (zone.Length > 0) s.TimeZone = zone;
                if (queue.Length > 0) s.Queue = queue;
            }, ctx.RequestAborted);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return app.Back(ctx, form, $"Schedule {name} was not saved: {ex.Message}", "/schedules");
        }
        app.Cache.Invalidate();
        await app.Recorder.RecordAsync(app.Recorder.UserOf(ctx), "schedule-save", "schedule " + name, null);
        return app.Back(ctx, form, $"Saved schedule {name}.", "/schedules");
    }

    /// <summary>An interval: <c>30s</c>, <c>5m</c>, <c>2h</c>, <c>1d</c>, a plain number of seconds, or <c>hh:mm:ss</c>.</summary>
    internal static TimeSpan Interval(string text)
    {
        var unit = text[^1];
        var number = char.IsLetter(unit) ? text[..^1] : text;
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
            return unit switch
            {
                's' or >= '0' and <= '9' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => throw new FormatException($"'{text}' is not an interval (30s, 5m, 2h, 1d)."),
            };
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span : throw new FormatException($"'{text}' is not an interval (30s, 5m, 2h, 1d).");
    }
}
