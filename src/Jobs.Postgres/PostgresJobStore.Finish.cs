using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    // Outcomes of standalone jobs (the common case: no workflow step waits for them) are one prepared autocommit
    // statement. Outcomes of workflow jobs and the steps they release share one transaction (see WorkflowRelease).
    public Task<IReadOnlyList<Guid>> FinishAsync(string worker, IReadOnlyList<JobOutcome> outcomes, CancellationToken ct)
    {
        if (outcomes.All(o => o.Standalone))
            return Run<IReadOnlyList<Guid>>(async () =>
            {
                List<Guid> written;
                await using (var cmd = FinishCommand(worker, outcomes, null, null, notifyFinished: false))
                    written = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
                var set = written.ToHashSet();
                // Waiters hear of the jobs that ended after the commit, outside it (see PostgresNotifier); retries notified their queue.
                _notifier.JobsFinished(outcomes.Where(o => o.Kind != OutcomeKind.Retry && set.Contains(o.Id)).Select(o => o.Id));
                return written;
            });
        return InTransactionAsync<IReadOnlyList<Guid>>(async (conn, tx) =>
        {
            await using var cmd = FinishCommand(worker, outcomes, conn, tx, notifyFinished: true);
            var written = await ReadIdsAsync(cmd, ct).ConfigureAwait(false);
            var (succeeded, failed) = JobOutcome.Ended(outcomes, written);
            if (succeeded.Count + failed.Count > 0) await WorkflowRelease.RunAsync(Steps(conn, tx, ct), succeeded, failed).ConfigureAwait(false);
            return written;
        }, ct);
    }

    private NpgsqlCommand FinishCommand(string worker, IReadOnlyList<JobOutcome> outcomes, NpgsqlConnection? conn, NpgsqlTransaction? tx, bool notifyFinished)
    {
        var n = outcomes.Count;
        var ids = new Guid[n];
        var attempts = new int[n];
        var states = new string[n];
        var results = new string?[n];
        var errors = new string?[n];
        var tracebacks = new string?[n];
        var delays = new long[n];
        for (var i = 0; i < n; i++)
        {
            var o = outcomes[i];
            ids[i] = o.Id;
            attempts[i] = o.Attempt;
            states[i] = JobOutcome.StateOf(o.Kind);
            results[i] = o.ResultJson;
            errors[i] = o.Error;
            tracebacks[i] = o.Traceback;
            delays[i] = (long)o.RetryDelay.TotalMilliseconds;
        }
        var cmd = Command(_sql.Finish, conn, tx);
        Add(cmd, "ids", ids);
        Add(cmd, "attempts", attempts);
        Add(cmd, "states", states);
        Add(cmd, "results", results, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        Add(cmd, "errors", errors, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "tracebacks", tracebacks, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "delays_ms", delays);
        Add(cmd, "worker", worker);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        Add(cmd, "notify_finished", notifyFinished);
        return cmd;
    }

    // In one transaction with the workflow sweep: jobs rescued as FAILURE (and jobs expired at claim) fail or release what waits for them.
    public Task<int> RescueAsync(int limit, CancellationToken ct) => InTransactionAsync(async (conn, tx) =>
    {
        await using var cmd = Command(_sql.Rescue, conn, tx);
        Add(cmd, "lock_key", _sql.RescuerLockKey);
        Add(cmd, "limit", limit);
        Add(cmd, "finished_channel", _sql.FinishedChannel);
        Add(cmd, "available_channel", _sql.AvailableChannel);
        var rescued = Convert.ToInt32(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
        await WorkflowRelease.SweepAsync(Steps(conn, tx, ct), StrandedBatch).ConfigureAwait(false);
        return rescued;
    }, ct);

    public Task<int> PruneAsync(TimeSpan resultTtl, int limit, CancellationToken ct) => Run(async () =>
    {
        await using var cmd = Command(_sql.Prune);
        Add(cmd, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(cmd, "limit", limit);
        var pruned = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        await using var groups = Command(_sql.PruneGroups);
        Add(groups, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(groups, "limit", limit);
        await groups.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return pruned;
    });
}
