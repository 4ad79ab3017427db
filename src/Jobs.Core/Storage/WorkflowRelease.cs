namespace Jobs.Storage;

/// <summary>
/// What happens to waiting workflow jobs when jobs end, decided once for every store: run inside the transaction
/// that records the outcomes (finish, revoke, rescue), so a chain's next step and a chord's counter are written
/// with the step's completion. Failures propagate level by level until no waiting job is left to fail.
/// </summary>
internal static class WorkflowRelease
{
    /// <summary>Jobs failed per rescuer round when their dependencies ended outside a completion (see workflow_stranded_list.sql).</summary>
    public const int StrandedBatch = 1000;

    /// <summary>A bound on propagation levels; a workflow deeper than this is finished by the rescuer's sweep.</summary>
    private const int MaxLevels = 10_000;

    /// <summary>Runs the steps for jobs that just succeeded (each exactly once) and jobs that just failed or were revoked.</summary>
    public static async ValueTask RunAsync(IStoreExecutor steps, IReadOnlyList<Guid> succeeded, IReadOnlyList<Guid> failed)
    {
        var ended = failed;
        if (succeeded.Count > 0)
        {
            var step = await steps.WorkflowSucceededManyAsync(succeeded).ConfigureAwait(false);
            if (step.CompletedGroups.Count > 0) await steps.WorkflowGroupReleaseManyAsync(step.CompletedGroups).ConfigureAwait(false);
            if (step.Revoked.Count > 0) ended = [.. failed, .. step.Revoked];
        }
        await PropagateAsync(steps, ended).ConfigureAwait(false);
    }

    /// <summary>Fails (or releases the errbacks of) what waits for jobs that ended without a completion; returns how many jobs it failed.</summary>
    public static async ValueTask<int> SweepAsync(IStoreExecutor steps, int limit)
    {
        var stranded = await steps.WorkflowStrandedListAsync(limit).ConfigureAwait(false);
        return stranded.Count == 0 ? 0 : await PropagateAsync(steps, stranded).ConfigureAwait(false);
    }

    private static async ValueTask<int> PropagateAsync(IStoreExecutor steps, IReadOnlyList<Guid> ended)
    {
        var total = 0;
        for (var level = 0; ended.Count > 0 && level < MaxLevels; level++)
        {
            ended = await steps.WorkflowFailedManyAsync(ended).ConfigureAwait(false);
            total += ended.Count;
        }
        return total;
    }
}
