using Jobs.Dashboard.Live;
using Jobs.Dashboard.Rendering;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jobs.Dashboard.Endpoints;

/// <summary>The one Server-Sent Events stream (<c>/stream</c>) and the embedded assets (<c>/assets/{name}</c>).</summary>
internal static class LiveEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardApp app)
    {
        group.MapGet("/stream", StreamAsync);
        group.MapGet("/assets/{name}", (HttpContext ctx, string name) =>
        {
            if (!Assets.TryGet(name, out var bytes, out var type)) return Results.NotFound();
            // Versioned URLs (?v=hash) change with the content, so they may be cached for long.
            ctx.Response.Headers.CacheControl = ctx.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache";
            return Results.Bytes(bytes, type);
        });
    }

    private static async Task StreamAsync(HttpContext ctx)
    {
        var broadcaster = ctx.RequestServices.GetRequiredService<EventBroadcaster>();
        var stopping = ctx.RequestServices.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        ctx.Response.Headers.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = broadcaster.Subscribe();
        try
        {
            await subscription.Ready.WaitAsync(gone.Token);
            await ctx.Response.WriteAsync("retry: 3000\n\n", gone.Token);
            await ctx.Response.Body.FlushAsync(gone.Token);
            await foreach (var message in subscription.ReadAllAsync(gone.Token))
            {
                await ctx.Response.WriteAsync($"event: {message.Type}\ndata: {message.Data}\n\n", gone.Token);
                await ctx.Response.Body.FlushAsync(gone.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
    }
}
