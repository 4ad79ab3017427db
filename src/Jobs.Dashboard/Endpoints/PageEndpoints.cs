using Jobs.Dashboard.Components;
using Jobs.Dashboard.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jobs.Dashboard.Endpoints;

/// <summary>The pages (GET): overview, jobs, job, queues, workers, schedules, events, and a bulk action's progress.</summary>
internal static class PageEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardApp app)
    {
        group.MapGet("/", Handler(ctx => OverviewAsync(ctx, app)));
        group.MapGet("/jobs", Handler(ctx => JobsAsync(ctx, app)));
        group.MapGet("/jobs/{id:guid}", (HttpContext ctx, Guid id) => JobAsync(ctx, app, id));
        group.MapGet("/queues", Handler(async ctx => await app.Renderer.RenderAsync<QueuesPage, QueuesModel>(app.ViewOf(ctx),
            new QueuesModel(await app.Cache.Queues.GetAsync(ctx.RequestAborted), await app.Cache.Counts.GetAsync(ctx.RequestAborted),
                await app.Cache.Limits.GetAsync(ctx.RequestAborted)))));
        group.MapGet("/workers", Handler(async ctx => await app.Renderer.RenderAsync<WorkersPage, IReadOnlyList<WorkerInfo>>(app.ViewOf(ctx),
            await app.Cache.Workers.GetAsync(ctx.RequestAborted))));
        group.MapGet("/schedules", Handler(ctx => SchedulesAsync(ctx, app)));
        group.MapGet("/events", Handler(async ctx => await app.Renderer.RenderAsync<EventsPage, IReadOnlyList<JobEvent>>(app.ViewOf(ctx),
            app.Control is { } control ? await control.ReadNewestEventsAsync(100, ctx.RequestAborted) : Array.Empty<JobEvent>())));
        group.MapGet("/operations/{id:guid}", async (HttpContext ctx, Guid id) => app.Bulk.Find(id) is { } operation
            ? await app.Renderer.RenderAsync<OperationPage, Actions.BulkOperation>(app.ViewOf(ctx), operation)
            : await app.Renderer.RenderAsync<MessagePage, string>(app.ViewOf(ctx), "No such bulk action (it may be from before a restart).", StatusCodes.Status404NotFound));
    }

    /// <summary>A handler whose result is written to the response (not a bare RequestDelegate).</summary>
    internal static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static async Task<IResult> OverviewAsync(HttpContext ctx, DashboardApp app)
    {
        var ct = ctx.RequestAborted;
        var model = new OverviewModel(await app.Cache.Counts.GetAsync(ct), await app.Cache.Report.GetAsync(ct), await app.Cache.Recent.GetAsync(ct),
            await app.Cache.Workers.GetAsync(ct), app.Time.GetUtcNow());
        return await app.Renderer.RenderAsync<OverviewPage, OverviewModel>(app.ViewOf(ctx), model);
    }

    private static async Task<IResult> JobsAsync(HttpContext ctx, DashboardApp app)
    {
        var query = SearchQuery.Read(ctx.Request.Query);
        if (query.Error is { } error) return await app.Renderer.RenderAsync<JobsPage, JobsModel>(app.ViewOf(ctx), new JobsModel(query, null, error), StatusCodes.Status400BadRequest);
        if (query.Id is { } id) return Results.Redirect(app.BaseOf(ctx) + "/jobs/" + id);
        // A capped search: one that runs too long is stopped, and the page says to narrow it.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted);
        timeout.CancelAfter(app.Options.SearchTimeout);
        try
        {
            var page = await app.Admin.SearchJobsAsync(query.ToSearch(app.Options.PageSize), timeout.Token);
            return await app.Renderer.RenderAsync<JobsPage, JobsModel>(app.ViewOf(ctx), new JobsModel(query, page, null));
        }
        catch (OperationCanceledException) when (!ctx.RequestAborted.IsCancellationRequested)
        {
            return await app.Renderer.RenderAsync<JobsPage, JobsModel>(app.ViewOf(ctx), new JobsModel(query, null,
                $"The search ran longer than {app.Options.SearchTimeout.TotalSeconds:0} s and was stopped: narrow it (a state, queue, task or time range)."),
                StatusCodes.Status503ServiceUnavailable);
        }
        catch (ArgumentException ex)
        {
            return await app.Renderer.RenderAsync<JobsPage, JobsModel>(app.ViewOf(ctx), new JobsModel(query, null, ex.Message), StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> JobAsync(HttpContext ctx, DashboardApp app, Guid id)
        => await app.Admin.GetJobAsync(id, ctx.RequestAborted) is { } detail
            ? await app.Renderer.RenderAsync<JobDetailPage, JobDetail>(app.ViewOf(ctx), detail)
            : await app.Renderer.RenderAsync<MessagePage, string>(app.ViewOf(ctx), $"There is no job {id}.", StatusCodes.Status404NotFound);

    private static async Task<IResult> SchedulesAsync(HttpContext ctx, DashboardApp app)
    {
        var schedules = await app.Cache.Schedules.GetAsync(ctx.RequestAborted);
        var edit = ctx.Request.Query["edit"].ToString();
        var editing = edit.Length > 0 ? schedules.FirstOrDefault(s => s.Name == edit) : null;
        return await app.Renderer.RenderAsync<SchedulesPage, SchedulesModel>(app.ViewOf(ctx), new SchedulesModel(schedules, editing, null));
    }
}
