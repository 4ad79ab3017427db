using Jobs.Storage;
using Microsoft.Extensions.Logging;

namespace Jobs.Worker;

/// <summary>
/// Writes one batch of outcomes so that an outcome the database refuses (a "poison": PostgreSQL rejects NUL in text
/// and \u0000 in jsonb) cannot hold back the others. A failed batch is retried one outcome at a time. An outcome
/// whose own write fails is probed (<see cref="OwnershipProbe"/>): whether the database answers at all and whether the
/// worker still owns the attempt. If the database answers, the outcome is tried once more, then
/// rewritten as FAILURE "ResultNotStored: ..." and tried once more; if that fails too it is dropped (its lease then
/// expires and the rescuer takes over). If the database does not answer, it is down: the outcome and the rest of
/// the batch are left unsettled, to be retried with backoff.
/// </summary>
internal sealed class OutcomeWriter(IJobStore store, string worker, OwnershipProbe probe, ILogger log)
{
    private enum Fate { Written, Rejected, Dropped, Down }

    public async Task<CompletionReport> WriteAsync(IReadOnlyList<JobOutcome> batch, CancellationToken ct)
    {
        Exception batchError;
        try
        {
            return Split(batch, await store.FinishAsync(worker, batch, ct).ConfigureAwait(false));
        }
        // A store error that races the worker giving up is still a store error (the probe then finds the database
        // down and the completer stops at its backoff); only a cancellation ends the write.
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested) { batchError = ex; }
        if (batch.Count > 1)
            log.LogWarning(batchError, "Recording {Count} job outcomes failed; retrying them one by one.", batch.Count);

        List<JobOutcome> written = [], rejected = [], dropped = [];
        for (var i = 0; i < batch.Count; i++)
        {
            var (fate, outcome) = await SettleAsync(batch[i], batch.Count == 1 ? batchError : null, ct).ConfigureAwait(false);
            switch (fate)
            {
                case Fate.Written: written.Add(outcome); break;
                case Fate.Rejected: rejected.Add(outcome); break;
                case Fate.Dropped: dropped.Add(outcome); break;
                default:
                    log.LogWarning(batchError, "Recording job outcomes failed and the database does not answer; {Count} outcomes will be retried.", batch.Count - i);
                    return new CompletionReport(written, rejected, dropped, batch.Skip(i).ToList());
            }
        }
        return new CompletionReport(written, rejected, dropped, []);
    }

    /// <summary>Writes one outcome: as is (up to twice), then as a failure; a probe after every failed write tells a refusal from an outage.</summary>
    private async Task<(Fate, JobOutcome)> SettleAsync(JobOutcome o, Exception? failedOnce, CancellationToken ct)
    {
        var failures = failedOnce is null ? 0 : 1;
        var lastError = failedOnce;
        while (true)
        {
            if (failures > 0)
            {
                var owned = await probe.OwnsAsync(new HeldJob(o.Id, o.Attempt), ct).ConfigureAwait(false);
                if (owned is null) return (Fate.Down, o);
                if (owned == false) return (Fate.Rejected, o);
                if (failures == 3)
                {
                    log.LogError(lastError, "Outcome {Kind} of job {Id} attempt {Attempt} cannot be stored, not even as a failure; dropped. The job will be rescued when its lease expires.", o.Kind, o.Id, o.Attempt);
                    return (Fate.Dropped, o);
                }
            }
            var attempt = failures < 2 ? o : NotStored(o, lastError!);
            try
            {
                var accepted = await store.FinishAsync(worker, [attempt], ct).ConfigureAwait(false);
                if (!ReferenceEquals(attempt, o))
                    log.LogError(lastError, "Outcome {Kind} of job {Id} attempt {Attempt} cannot be stored; recorded as FAILURE (ResultNotStored) instead.", o.Kind, o.Id, o.Attempt);
                return (accepted.Contains(o.Id) ? Fate.Written : Fate.Rejected, attempt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                lastError = ex;
                failures++;
            }
        }
    }

    internal static JobOutcome NotStored(JobOutcome o, Exception error) => new()
    {
        Id = o.Id, Attempt = o.Attempt, Kind = OutcomeKind.Failure, Standalone = o.Standalone, Error = "ResultNotStored: " + OutcomeText.Safe(error.Message),
    };

    /// <summary>Splits a batch by the ids the store wrote. Of two attempts of one job, only the newest can be owned.</summary>
    private static CompletionReport Split(IReadOnlyList<JobOutcome> batch, IReadOnlyList<Guid> accepted)
    {
        if (accepted.Count == batch.Count && batch.Select(o => o.Id).Distinct().Count() == batch.Count)
            return new CompletionReport([.. batch], [], [], []);
        var newest = batch.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.Max(o => o.Attempt));
        var ok = accepted.ToHashSet();
        var written = batch.Where(o => ok.Contains(o.Id) && newest[o.Id] == o.Attempt).ToList();
        var isWritten = new HashSet<JobOutcome>(written, ReferenceEqualityComparer.Instance);
        return new CompletionReport(written, batch.Where(o => !isWritten.Contains(o)).ToList(), [], []);
    }
}
