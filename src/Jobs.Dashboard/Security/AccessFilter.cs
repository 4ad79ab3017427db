using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Security;

/// <summary>
/// Guards every dashboard endpoint, in order: local requests only unless configured, the view permission, the
/// permission a write needs (403 otherwise), then the antiforgery token of every POST (400 when missing or wrong).
/// A failure of the database becomes a plain 503 page, logged.
/// </summary>
internal sealed class AccessFilter(DashboardOptions options, ILoggerFactory loggers) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (options.AuthorizationPolicy is null && !options.AllowRemoteRequests && !LocalRequests.IsLocal(context))
            return Results.Text("The Jobs dashboard answers local requests only. Configure DashboardOptions.AuthorizationPolicy "
                + "(or AllowRemoteRequests) to open it to other machines.", "text/plain", statusCode: StatusCodes.Status403Forbidden);
        var granted = Access.PermissionsOf(context, options);
        if (!granted.HasFlag(DashboardPermissions.View))
            return Results.Text("You may not view the Jobs dashboard.", "text/plain", statusCode: StatusCodes.Status403Forbidden);
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiresPermission>() is { } needed && (granted & needed.Permission) != needed.Permission)
            return Results.Text(options.ReadOnly ? "The Jobs dashboard is read-only." : $"You may not do this ({needed.Permission}).",
                "text/plain", statusCode: StatusCodes.Status403Forbidden);
        if (HttpMethods.IsPost(context.Request.Method))
        {
            try { await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context); }
            catch (AntiforgeryValidationException)
            {
                return Results.Text("The form's antiforgery token is missing or stale: reload the page and try again.", "text/plain",
                    statusCode: StatusCodes.Status400BadRequest);
            }
        }
        try { return await next(invocation); }
        catch (Exception ex) when (ex is not OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            loggers.CreateLogger<AccessFilter>().LogError(ex, "The Jobs dashboard failed on {Path}.", context.Request.Path);
            return Results.Text($"The Jobs dashboard could not answer: {ex.Message}", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
