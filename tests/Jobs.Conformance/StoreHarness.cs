using System.Data.Common;

namespace Jobs.Conformance;

/// <summary>What a store's test project provides to the conformance suite: a fresh, migrated, isolated store.</summary>
public abstract class StoreHarness : IAsyncDisposable
{
    /// <summary>Points <paramref name="options"/> at this harness's store (e.g. <c>UsePostgres</c> with a fresh schema).</summary>
    public abstract void Configure(JobsOptions options);

    /// <summary>Opens a connection to the store's database, for transactional enqueue.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>Drops what the harness created.</summary>
    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
