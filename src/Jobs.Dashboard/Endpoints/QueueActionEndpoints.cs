using System.Globalization;
using Jobs.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jobs.Dashboard.Endpoints;

/// <summary>Pause and resume a queue; set or clear a queue's or task's rate and concurrency limits.</summary>
internal static class QueueActionEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardApp app)
    {
        group.MapPost("/queues/{name}/pause", (HttpContext ctx, string name) => PauseAsync(ctx, app, name, pause: true))
            .WithMetadata(new RequiresPermission(DashboardPermissions.Pause));
        group.MapPost("/queues/{name}/resume", (HttpContext ctx, string name) => PauseAsync(ctx, app, name, pause: false))
            .WithMetadata(new RequiresPermission(DashboardPermissions.Pause));
        group.MapPost("/limits", PageEndpoints.Handler(ctx => LimitsAsync(ctx, app))).WithMetadata(new RequiresPermission(DashboardPermissions.Limits));
    }

    private static async Task<IResult> PauseAsync(HttpContext ctx, DashboardApp app, string name, bool pause)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var changed = pause ? await app.Admin.PauseQueueAsync(name, ctx.RequestAborted) : await app.Admin.ResumeQueueAsync(name, ctx.RequestAborted);
        app.Cache.Invalidate();
        await app.Recorder.RecordAsync(app.Recorder.UserOf(ctx), pause ? "pause" : "resume", "queue " + name, null, queue: name);
        var flash = (pause, changed) switch
        {
            (true, true) => $"Paused queue {name}.",
            (true, false) => $"Queue {name} was paused already.",
            (false, true) => $"Resumed queue {name}.",
            _ => $"Queue {name} was not paused.",
        };
        return app.Back(ctx, form, flash, "/queues");
    }

    private static async Task<IResult> LimitsAsync(HttpContext ctx, DashboardApp app)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var name = form["name"].ToString().Trim();
        var rate = form["rate"].ToString().Trim();
        var concurrency = form["concurrency"].ToString().Trim();
        try
        {
            var scope = form["scope"].ToString() switch { "task" => LimitScope.Task, "queue" => LimitScope.Queue, var other => throw new FormatException($"'{other}' is not a limit scope (queue or task).") };
            if (name.Length == 0) return app.Back(ctx, form, "A limit needs the name of its queue or task.", "/queues");
            string what;
            if (form["clear"] == "1")
            {
                await app.Admin.SetRateLimitAsync(scope, name, null, cancellationToken: ctx.RequestAborted);
                await app.Admin.SetConcurrencyLimitAsync(scope, name, null, ctx.RequestAborted);
                what = "cleared";
            }
            else
            {
                if (rate.Length == 0 && concurrency.Length == 0) return app.Back(ctx, form, "Give a rate (10/s), a concurrency, or both.", "/queues");
                if (rate.Length > 0) await app.Admin.SetRateLimitAsync(scope, name, rate, cancellationToken: ctx.RequestAborted);
                if (concurrency.Length > 0)
                {
                    if (!int.TryParse(concurrency, NumberStyles.None, CultureInfo.InvariantCulture, out var max))
                        return app.Back(ctx, form, $"'{concurrency}' is not a number of jobs.", "/queues");
                    await app.Admin.SetConcurrencyLimitAsync(scope, name, max, ctx.RequestAborted);
                }
                what = string.Join(", ", new[] { rate.Length > 0 ? "rate " + rate : null, concurrency.Length > 0 ? "concurrency " + concurrency : null }.OfType<string>());
            }
            app.Cache.Invalidate();
            await app.Recorder.RecordAsync(app.Recorder.UserOf(ctx), "limits", $"{scope.ToString().ToLowerInvariant()} {name}: {what}", null, queue: scope == LimitScope.Queue ? name : null);
            return app.Back(ctx, form, $"Limits of {scope.ToString().ToLowerInvariant()} {name}: {what}.", "/queues");
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return app.Back(ctx, form, ex.Message, "/queues");
        }
    }
}
