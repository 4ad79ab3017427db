using System.Data.Common;

namespace Jobs.Conformance;

/// <summary>What a store's test project provides to the conformance suite: a fresh, migrated, isolated store.</summary>
public abstract class StoreHarness : IAsyncDisposable
{
    /// <summary>Points <paramref name="options"/> at this harness's store (e.g. <c>UsePostgres</c> with a fresh schema).</summary>
    public abstract void Configure(JobsOptions options);

    /// <summary>Opens a connection to the store's database, for transactional enqueue.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>
    /// Overwrites a job row's state and, where given, its run_at, started_at and finished_at (tests of the reporting
    /// views write known times). Stores whose harness cannot write rows leave this unsupported.
    /// </summary>
    public virtual Task SetJobAsync(Guid id, string state, DateTimeOffset? runAt = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
        => throw new NotSupportedException($"{GetType().Name} cannot write job rows.");

    /// <summary>The database clock.</summary>
    public virtual Task<DateTimeOffset> DbNowAsync() => throw new NotSupportedException($"{GetType().Name} cannot read the database clock.");

    /// <summary>Drops what the harness created.</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
