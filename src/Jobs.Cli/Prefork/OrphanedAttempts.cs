using Jobs.Storage;
using Jobs.Worker;
using Microsoft.Extensions.Logging;

namespace Jobs.Cli.Prefork;

/// <summary>
/// What the supervisor does in the database for a child that died holding attempts: rescue them now instead of when
/// their leases expire, or record the FAILURE of an attempt whose child was killed at its hard time limit. Every
/// write is guarded by the child's ownership of the attempt, so whatever the child managed to write stands.
/// </summary>
internal sealed class OrphanedAttempts(IJobStore store, TimeProvider time, ILogger log)
{
    private static readonly TimeSpan RescueFor = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// What the attempts of <paramref name="child"/>, which exited with <paramref name="exitCode"/>, need: nothing after
    /// a graceful stop (it wrote or released everything); killed at its job's hard limit, that job's FAILURE and a rescue
    /// of the rest; killed for a revoke with terminate, a rescue of the rest (the revoked job stays REVOKED); else a
    /// rescue of them all. Reads the child at once (call it from the supervisor's loop); the writes run in the task returned.
    /// </summary>
    public Task AfterExitAsync(ChildProcess child, int exitCode, CancellationToken ct)
    {
        var (worker, current, recent) = (child.Worker, child.Current, child.Recent.ToList());
        var others = recent.Where(j => current is null || j.Id != current.Id || j.Attempt != current.Attempt).ToList();
        return child.Killed switch
        {
            KillReason.TimeLimit when current is not null => Task.WhenAll(
                Task.Run(() => FailTimeLimitAsync(worker, current, ct)), Task.Run(() => RescueAsync(worker, others, ct))),
            KillReason.Terminate when current is not null => Task.Run(() => RescueAsync(worker, others, ct)),
            KillReason.None when exitCode is ExitCodes.Success or ChildProtocol.RecycledExitCode => Task.CompletedTask,
            _ => Task.Run(() => RescueAsync(worker, recent, ct)),
        };
    }

    /// <summary>
    /// Ends the leases of those <paramref name="attempts"/> the dead child <paramref name="worker"/> still owns, then
    /// runs the rescuer until they are requeued (or failed, when their attempts are spent).
    /// </summary>
    public async Task RescueAsync(string worker, IReadOnlyCollection<ChildJob> attempts, CancellationToken ct)
    {
        if (attempts.Count == 0) return;
        var held = attempts.Select(a => new HeldJob(a.Id, a.Attempt)).Distinct().ToList();
        try
        {
            var owned = await store.ExtendLeasesAsync(worker, held, TimeSpan.Zero, ct).ConfigureAwait(false);
            if (owned.Count == 0) return; // written, revoked or rescued already
            var started = time.GetTimestamp();
            while (true)
            {
                // Another rescuer may hold the rescue lock (PostgreSQL), or no time has passed yet on the database clock
                // (SQLite's has milliseconds): try again until the attempts are no longer the dead child's.
                await store.RescueAsync(1000, ct).ConfigureAwait(false);
                var left = await StillOwnedAsync(worker, owned, ct).ConfigureAwait(false);
                var rescued = owned.Where(o => !left.Contains(o)).ToList();
                foreach (var r in rescued)
                    log.LogWarning("Job {Id} attempt {Attempt} of dead child {Worker} was rescued.", r.Id, r.Attempt, worker);
                owned = left;
                if (owned.Count == 0) return;
                if (time.GetElapsedTime(started) > RescueFor)
                {
                    log.LogWarning("{Count} jobs of dead child {Worker} were not rescued yet; the rescuer will take them.", owned.Count, worker);
                    return;
                }
                await Task.Delay(RetryDelay, time, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "Could not rescue the jobs of dead child {Worker}; they will be rescued when their leases expire.", worker);
        }
    }

    /// <summary>Records FAILURE "TimeLimitExceeded" for an attempt killed at its hard limit, unless the child recorded it (or anything else) first.</summary>
    public async Task FailTimeLimitAsync(string worker, ChildJob job, CancellationToken ct)
    {
        var outcome = new JobOutcome
        {
            Id = job.Id, Attempt = job.Attempt, Kind = OutcomeKind.Failure,
            Error = $"TimeLimitExceeded: job exceeded its time limit of {TimeLimits.Seconds(job.HardLimit ?? TimeSpan.Zero)}",
        };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var written = await store.FinishAsync(worker, [outcome], ct).ConfigureAwait(false);
                if (written.Count > 0) log.LogWarning("Job {Id} attempt {Attempt} recorded as FAILURE (TimeLimitExceeded) by the supervisor.", job.Id, job.Attempt);
                return;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested && attempt < 5)
            {
                log.LogWarning(ex, "Recording the time limit failure of job {Id} failed; retrying.", job.Id);
                await Task.Delay(RetryDelay * attempt, time, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogError(ex, "Could not record the time limit failure of job {Id}; it will be rescued when its lease expires.", job.Id);
                return;
            }
        }
    }

    private async Task<List<HeldJob>> StillOwnedAsync(string worker, IReadOnlyList<HeldJob> attempts, CancellationToken ct)
    {
        var jobs = await store.GetJobsAsync(attempts.Select(a => a.Id).ToList(), ct).ConfigureAwait(false);
        var owned = jobs.Where(j => j.State == JobState.Started && j.Worker == worker).Select(j => new HeldJob(j.Id, j.Attempt)).ToHashSet();
        return attempts.Where(owned.Contains).ToList();
    }
}
