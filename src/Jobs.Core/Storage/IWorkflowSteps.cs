namespace Jobs.Storage;

/// <summary>
/// The workflow bookkeeping statements of a store, bound to the transaction that writes outcomes (see
/// <see cref="WorkflowRelease"/>). A waiting job is only ever changed while it still waits, so every step is safe
/// to run concurrently with others; only <see cref="SucceededAsync"/> counts, and it is given each success once.
/// </summary>
internal interface IWorkflowSteps
{
    /// <summary>
    /// For jobs just recorded SUCCESS: releases their waiting dependents (arguments ← the result unless immutable),
    /// revokes their waiting errbacks, and decrements their groups' counters under the group row's lock. Returns the
    /// errbacks revoked and the groups whose counter reached 0.
    /// </summary>
    ValueTask<SucceededStep> SucceededAsync(IReadOnlyList<Guid> ids);

    /// <summary>Releases the jobs waiting for these completed groups with the members' results in member order. A new statement, so it sees every member's committed result.</summary>
    ValueTask ReleaseGroupsAsync(IReadOnlyList<Guid> groupIds);

    /// <summary>
    /// For jobs now FAILURE or REVOKED: releases their waiting errbacks (arguments: the failed job's id, task, state,
    /// error, traceback), fails their waiting dependents (ChainError) and the jobs waiting for their groups (ChordError).
    /// Returns the jobs it failed.
    /// </summary>
    ValueTask<IReadOnlyList<Guid>> FailedAsync(IReadOnlyList<Guid> ids);

    /// <summary>Failed or revoked jobs that still have waiting dependents (they ended outside a completion: expired at claim, rescued as FAILURE, SQL).</summary>
    ValueTask<IReadOnlyList<Guid>> StrandedAsync(int limit);
}

/// <summary>What <see cref="IWorkflowSteps.SucceededAsync"/> did: errbacks it revoked, groups it completed.</summary>
internal sealed record SucceededStep(IReadOnlyList<Guid> Revoked, IReadOnlyList<Guid> CompletedGroups)
{
    public static readonly SucceededStep None = new([], []);
}
