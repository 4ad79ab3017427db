using Jobs.Storage;

namespace Jobs.Cli.Prefork;

/// <summary>
/// Finds the running attempts that were revoked with terminate (<c>jobs revoke ID --terminate</c>): their children
/// are killed, as Celery's <c>revoke(terminate=True)</c> kills the process running the task. The job stays REVOKED.
/// </summary>
internal sealed class TerminateRequests(IJobStore store)
{
    public async Task<IReadOnlyList<HeldJob>> FindAsync(IReadOnlyList<HeldJob> running, CancellationToken ct)
    {
        var jobs = await store.GetJobsAsync(running.Select(r => r.Id).Distinct().ToList(), ct).ConfigureAwait(false);
        var wanted = running.ToHashSet();
        return jobs.Where(j => j.State == JobState.Revoked && j.TerminateRequested)
            .Select(j => new HeldJob(j.Id, j.Attempt)).Where(wanted.Contains).ToList();
    }
}
