using Jobs.Storage;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<Guid>> RetryAsync(IReadOnlyList<Guid>? ids, CancellationToken ct)
    {
        var retried = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.Retry);
            cmd.Parameters.AddWithValue("@all_failed", ids is null);
            cmd.Parameters.AddWithValue("@ids", JsonArray((ids ?? []).Select(i => i.ToString())));
            var rows = new List<(Guid Id, string Queue)>();
            using var r = cmd.ExecuteReader();
            while (r.Read()) rows.Add((r.GetGuid(0), r.GetString(1)));
            return rows;
        }, ct).ConfigureAwait(false);
        foreach (var queue in retried.Select(j => j.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        return retried.Select(j => j.Id).ToList();
    }

    public async Task<IReadOnlyList<Guid>> RevokeAsync(IReadOnlyList<Guid> ids, string reason, bool terminate, CancellationToken ct)
    {
        var (revoked, steps) = await WriteAsync((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.Revoke);
            cmd.Parameters.AddWithValue("@ids", JsonArray(ids.Select(i => i.ToString())));
            cmd.Parameters.AddWithValue("@reason", reason);
            cmd.Parameters.AddWithValue("@terminate", terminate);
            var done = ReadIds(cmd);
            // What waits for a revoked job fails (or, for errbacks, runs), in the same transaction.
            return (done, Release(c, tx, [], done));
        }, ct).ConfigureAwait(false);
        Signals.RaiseJobsFinished(revoked);
        steps.Raise(Signals);
        return revoked;
    }

    public Task<int> PurgeAsync(string? queue, DateTimeOffset? finishedBefore, CancellationToken ct) => WriteAsync((c, tx) =>
    {
        using var cmd = Command(c, tx, finishedBefore is null ? _sql.PurgeWaiting : _sql.PurgeFinished);
        cmd.Parameters.AddWithValue("@queue", (object?)queue ?? DBNull.Value);
        if (finishedBefore is { } before) cmd.Parameters.AddWithValue("@before", SqliteTime.Format(before));
        return cmd.ExecuteNonQuery();
    }, ct);
}
