using Jobs.Dashboard.Search;
using Jobs.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jobs.Dashboard.Endpoints;

/// <summary>
/// Retry, revoke (with <c>terminate=1</c>) and delete, on the ids posted (<c>id</c>, repeatable) or, with <c>all=1</c>,
/// on every job the posted search (<c>q</c>, <c>state</c>) finds, as a background bulk action with a progress page.
/// </summary>
internal static class JobActionEndpoints
{
    private sealed record JobAction(string Name, string Done, DashboardPermissions Permission, string[] States);

    private static readonly JobAction Retry = new("retry", "Retried", DashboardPermissions.Retry, [JobState.Failure, JobState.Revoked]);
    private static readonly JobAction Revoke = new("revoke", "Revoked", DashboardPermissions.Revoke,
        [JobState.Scheduled, JobState.Pending, JobState.Retry, JobState.Started]);
    private static readonly JobAction Delete = new("delete", "Deleted", DashboardPermissions.Delete,
        [JobState.Scheduled, JobState.Pending, JobState.Retry, JobState.Success, JobState.Failure, JobState.Revoked]);

    public static void Map(RouteGroupBuilder group, DashboardApp app)
    {
        foreach (var action in new[] { Retry, Revoke, Delete })
            group.MapPost("/jobs/" + action.Name, PageEndpoints.Handler(ctx => RunAsync(ctx, app, action))).WithMetadata(new RequiresPermission(action.Permission));
    }

    private static async Task<IResult> RunAsync(HttpContext ctx, DashboardApp app, JobAction action)
    {
        var form = await ctx.Request.ReadFormAsync(ctx.RequestAborted);
        var user = app.Recorder.UserOf(ctx);
        var terminate = action == Revoke && form["terminate"] == "1";
        var name = terminate ? "terminate" : action.Name;
        Func<IReadOnlyList<Guid>, CancellationToken, Task<int>> apply = action.Name switch
        {
            "retry" => (ids, ct) => app.Admin.RetryJobsAsync(JobSelection.Of(ids), ct),
            "revoke" => (ids, ct) => app.Admin.RevokeJobsAsync(JobSelection.Of(ids), terminate, $"{(terminate ? "terminated" : "revoked")} by {user}", ct),
            _ => (ids, ct) => app.Admin.DeleteJobsAsync(JobSelection.Of(ids), ct),
        };

        if (form["all"] == "1")
        {
            var query = SearchQuery.Read(form);
            if (query.Error is { } error) return app.Back(ctx, form, error, "/jobs");
            string[] states = query.States.Count == 0 ? action.States : [.. query.States.Intersect(action.States)];
            if (states.Length == 0) return app.Back(ctx, form, $"No job of this search can be {action.Done.ToLowerInvariant()}.", "/jobs");
            var search = query.ToSearch(1) with { States = states, After = null };
            var operation = app.Bulk.Start(name, query.Describe(), user, search, apply,
                op => app.Recorder.RecordAsync(user, name, "all matching " + op.Target, op.Done));
            return Results.Redirect(app.BaseOf(ctx) + "/operations/" + operation.Id);
        }

        var chosen = form["id"].Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        if (chosen.Count == 0) return app.Back(ctx, form, "Select jobs first (or tick “all jobs matching”).", "/jobs");
        var count = await apply(chosen, ctx.RequestAborted);
        app.Cache.Invalidate();
        await app.Recorder.RecordAsync(user, name, chosen.Count == 1 ? $"job {chosen[0]}" : $"{chosen.Count} selected jobs", count,
            chosen.Count == 1 ? chosen[0] : null);
        var done = terminate ? "Terminated" : action.Done;
        return app.Back(ctx, form, $"{done} {count} of {chosen.Count} job{(chosen.Count == 1 ? "" : "s")}.", "/jobs");
    }
}
