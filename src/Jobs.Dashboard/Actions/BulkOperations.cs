using System.Collections.Concurrent;
using Jobs.Dashboard.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Dashboard.Actions;

/// <summary>
/// Runs "all N matching" actions server-side: walks the search newest first by id (keyset), 1000 jobs a page, and acts
/// on each page's ids, so the progress page can count along and no request waits for a million rows. The last 50
/// operations are kept for their progress pages.
/// </summary>
internal sealed class BulkOperations(IServiceProvider services, DashboardCache cache, ILogger<BulkOperations> log)
{
    internal const int Batch = 1000;
    private const int Kept = 50;
    private readonly ConcurrentDictionary<Guid, BulkOperation> _operations = new();

    public BulkOperation? Find(Guid id) => _operations.GetValueOrDefault(id);

    /// <summary>Starts <paramref name="apply"/> over every job of <paramref name="search"/>; <paramref name="finished"/> runs at the end (the audit event).</summary>
    public BulkOperation Start(string action, string target, string user, JobSearch search,
        Func<IReadOnlyList<Guid>, CancellationToken, Task<int>> apply, Func<BulkOperation, Task> finished)
    {
        var operation = new BulkOperation { Id = Guid.NewGuid(), Action = action, Target = target, User = user };
        _operations[operation.Id] = operation;
        foreach (var old in _operations.Values.Where(o => o.Finished).OrderBy(o => o.Id).SkipLast(Kept).ToList()) _operations.TryRemove(old.Id, out _);
        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        _ = Task.Run(() => RunAsync(operation, search, apply, finished, stopping));
        return operation;
    }

    private async Task RunAsync(BulkOperation operation, JobSearch search, Func<IReadOnlyList<Guid>, CancellationToken, Task<int>> apply,
        Func<BulkOperation, Task> finished, CancellationToken ct)
    {
        var admin = services.GetRequiredService<JobAdmin>();
        string? error = null;
        try
        {
            Guid? after = null;
            do
            {
                var page = await admin.SearchJobsAsync(search with { Limit = Batch, After = after }, ct).ConfigureAwait(false);
                if (page.Jobs.Count > 0) operation.Add(page.Jobs.Count, await apply(page.Jobs.Select(j => j.Id).ToList(), ct).ConfigureAwait(false));
                cache.Invalidate();
                after = page.Next;
            }
            while (after is not null);
        }
        catch (Exception ex)
        {
            error = ex is OperationCanceledException ? "stopped: the dashboard is shutting down" : ex.Message;
            log.LogError(ex, "The dashboard's {Action} of {Target} failed after {Done} jobs.", operation.Action, operation.Target, operation.Done);
        }
        operation.Finish(error);
        try { await finished(operation).ConfigureAwait(false); }
        finally { operation.Recorded(); }
    }
}
