using Jobs.Dashboard.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Actions;

/// <summary>
/// Records each write as an admin-action event naming the user (in the events table where the store keeps one, and
/// in the log always), so <c>jobs events</c> and the events page show who retried, revoked, paused what.
/// </summary>
internal sealed class ActionRecorder(IServiceProvider services, DashboardOptions options, ILogger<ActionRecorder> log)
{
    /// <summary>Who acts in this request (read while the request lives: a bulk action records its event after it ended).</summary>
    public string UserOf(HttpContext context) => Access.UserOf(context, options);

    public async Task RecordAsync(string user, string action, string? target, long? count, Guid? jobId = null, string? queue = null)
    {
        log.LogInformation("Dashboard: {User} {Action} {Target} ({Count} jobs)", user, action, target, count);
        if (services.GetService<JobControl>() is not { } control) return;
        var e = new JobEvent { Type = JobEventTypes.AdminAction, User = user, Action = action, Target = target, Count = count, JobId = jobId, Queue = queue };
        try { await control.RecordEventAsync(e, CancellationToken.None).ConfigureAwait(false); }
        catch (Exception ex) { log.LogWarning(ex, "Storing the admin-action event of {User} failed.", user); }
    }
}
