using System.Data.Common;

namespace Jobs.Storage;

/// <summary>
/// The port each database implements: its statements (<see cref="IStoreExecutor"/>), run one at a time or in one
/// transaction, its wake-up channel and what it can do. A driver holds SQL and driver glue only; every decision is
/// Core's (<see cref="JobStore"/>). Disposable both ways, so a synchronously disposed service provider does not throw.
/// Internal, like River's driver interface: it may change in any minor version.
/// </summary>
internal interface IStoreDriver : IAsyncDisposable, IDisposable
{
    StoreCapabilities Capabilities { get; }

    /// <summary>Wake-ups heard from this and other processes; call <see cref="StartSignals"/> before relying on them.</summary>
    StoreSignals Signals { get; }

    /// <summary>Where Core sends the wake-ups of committed writes.</summary>
    IStoreWakeups Wakeups { get; }

    /// <summary>Starts listening for cross-process signals (idempotent).</summary>
    void StartSignals();

    /// <summary>Runs <paramref name="work"/> with statements that each commit on their own; their changes go to <paramref name="changes"/>.</summary>
    Task<T> ExecuteAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in one transaction (rolled back when it throws); its changes go to <paramref name="changes"/>.</summary>
    Task<T> InTransactionAsync<T>(StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct);

    /// <summary>Runs read-only <paramref name="work"/> on one consistent snapshot of the database (no write lock taken).</summary>
    Task<T> InSnapshotAsync<T>(Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> on a caller's open connection: inside <paramref name="transaction"/> when given
    /// (committed or rolled back by the caller), else in a transaction of its own on that connection. Throws
    /// <see cref="ArgumentException"/> for a connection or transaction of another database.
    /// </summary>
    Task<T> OnConnectionAsync<T>(DbConnection connection, DbTransaction? transaction, StoreChanges changes, Func<IStoreExecutor, ValueTask<T>> work, CancellationToken ct);
}
