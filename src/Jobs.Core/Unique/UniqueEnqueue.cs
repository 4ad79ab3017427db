using Jobs.Storage;

namespace Jobs.Unique;

/// <summary>
/// A batch holding unique jobs, in one transaction: the plain jobs in one insert, then each unique job by
/// <see cref="IStoreExecutor.JobInsertUniqueAsync"/>, which returns the id of the job holding the key afterwards (the
/// new one, or the one that counts). The database's unique index makes it exact: of racing inserts one wins, the
/// others wait for its transaction and skip. When the holder vanished in between (pruned, purged, or released by a
/// racer) the job is tried again.
/// </summary>
internal static class UniqueEnqueue
{
    private const int Rounds = 5;

    public static async ValueTask<IReadOnlyList<Guid>> InsertAsync(IStoreExecutor tx, IReadOnlyList<NewJob> jobs)
    {
        var plain = jobs.Where(j => j.Unique is null).ToList();
        if (plain.Count > 0) await tx.JobInsertManyAsync(plain).ConfigureAwait(false);
        var ids = new List<Guid>(jobs.Count);
        foreach (var job in jobs)
            ids.Add(job.Unique is null ? job.Id : await InsertOneAsync(tx, job).ConfigureAwait(false));
        return ids;
    }

    private static async ValueTask<Guid> InsertOneAsync(IStoreExecutor tx, NewJob job)
    {
        for (var round = 1; ; round++)
        {
            var (inserted, holder) = await tx.JobInsertUniqueAsync(job).ConfigureAwait(false);
            if (inserted) return job.Id;
            if (holder is { } id) return id;
            if (job.CallerChoseId) return job.Id; // the id existed already: an enqueue retried
            if (round == Rounds) throw new JobsException($"Unique job key '{job.Unique!.Key}' kept changing hands; the job was not enqueued.");
        }
    }
}
