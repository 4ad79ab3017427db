using System.Data.Common;
using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteJobStore
{
    public async Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct)
    {
        if (jobs.Count == 0) return [];
        IReadOnlyList<Guid> ids;
        if (connection is null)
        {
            ids = await WriteAsync((c, tx) => Insert(jobs, c, tx), ct).ConfigureAwait(false);
        }
        else
        {
            var conn = connection as SqliteConnection
                ?? throw new ArgumentException($"The SQLite store can only enqueue on a SqliteConnection, not {connection.GetType().Name}.", nameof(connection));
            if (transaction is not null and not SqliteTransaction)
                throw new ArgumentException($"The SQLite store can only join a SqliteTransaction, not {transaction.GetType().Name}.", nameof(transaction));
            if (conn.State != System.Data.ConnectionState.Open)
                throw new ArgumentException("The connection to enqueue on must be open.", nameof(connection));
            if (transaction is SqliteTransaction { Connection: null })
                throw new InvalidOperationException("The transaction to enqueue in has already been committed or rolled back.");
            ids = Translate(() =>
            {
                if (transaction is SqliteTransaction callerTx) return Insert(jobs, conn, callerTx);
                using var ownTx = conn.BeginTransaction(deferred: false);
                var n = Insert(jobs, conn, ownTx);
                ownTx.Commit();
                return n;
            });
        }
        // In this process workers wake at once; in others (and after a caller's later commit) the change watcher wakes them.
        foreach (var queue in jobs.Select(j => j.Queue).Distinct()) Signals.RaiseJobsAvailable(queue);
        return ids;
    }

    /// <summary>
    /// Inserts the jobs in the caller's write transaction; returns each job's id, or for a unique job whose key a
    /// counting job holds, that job's id. A unique job runs unique_release.sql, enqueue.sql and unique_holder.sql in
    /// turn: SQLite has one writer at a time, so nothing can come between them.
    /// </summary>
    private List<Guid> Insert(IReadOnlyList<NewJob> jobs, SqliteConnection connection, SqliteTransaction tx)
    {
        using var release = Command(connection, tx, _sql.UniqueRelease);
        var releaseKey = release.Parameters.Add("@unique_key", SqliteType.Text);
        using var holder = Command(connection, tx, _sql.UniqueHolder);
        var holderKey = holder.Parameters.Add("@unique_key", SqliteType.Text);
        using var cmd = Command(connection, tx, _sql.Enqueue);
        var id = cmd.Parameters.Add("@id", SqliteType.Text);
        var task = cmd.Parameters.Add("@task", SqliteType.Text);
        var queue = cmd.Parameters.Add("@queue", SqliteType.Text);
        var priority = cmd.Parameters.Add("@priority", SqliteType.Integer);
        var args = cmd.Parameters.Add("@args", SqliteType.Text);
        var runAt = cmd.Parameters.Add("@run_at", SqliteType.Text);
        var delay = cmd.Parameters.Add("@delay_ms", SqliteType.Integer);
        var expiresAt = cmd.Parameters.Add("@expires_at", SqliteType.Text);
        var expiresIn = cmd.Parameters.Add("@expires_in_ms", SqliteType.Integer);
        var maxAttempts = cmd.Parameters.Add("@max_attempts", SqliteType.Integer);
        var backoff = cmd.Parameters.Add("@backoff_ms", SqliteType.Integer);
        var backoffMax = cmd.Parameters.Add("@backoff_max_ms", SqliteType.Integer);
        var softLimit = cmd.Parameters.Add("@soft_time_limit_ms", SqliteType.Integer);
        var limit = cmd.Parameters.Add("@time_limit_ms", SqliteType.Integer);
        var retryFor = cmd.Parameters.Add("@retry_for", SqliteType.Text);
        var uniqueKey = cmd.Parameters.Add("@unique_key", SqliteType.Text);
        var uniquePeriod = cmd.Parameters.Add("@unique_period_ms", SqliteType.Integer);
        var uniqueStates = cmd.Parameters.Add("@unique_states", SqliteType.Text);
        var traceParent = cmd.Parameters.Add("@trace_parent", SqliteType.Text);
        cmd.Prepare();
        var ids = new List<Guid>(jobs.Count);
        foreach (var j in jobs)
        {
            id.Value = j.Id.ToString();
            task.Value = j.Task;
            queue.Value = j.Queue;
            priority.Value = j.Priority;
            args.Value = j.ArgsJson;
            runAt.Value = SqliteTime.Parameter(j.RunAt);
            delay.Value = (long)j.Delay.TotalMilliseconds;
            expiresAt.Value = SqliteTime.Parameter(j.ExpiresAt);
            expiresIn.Value = j.ExpiresIn is { } e ? (long)e.TotalMilliseconds : DBNull.Value;
            maxAttempts.Value = j.MaxAttempts;
            backoff.Value = j.RetryBackoffMs;
            backoffMax.Value = j.RetryBackoffMaxMs;
            softLimit.Value = j.SoftTimeLimitMs is { } s ? s : DBNull.Value;
            limit.Value = j.TimeLimitMs is { } l ? l : DBNull.Value;
            retryFor.Value = j.RetryFor is { } rf ? JsonArray(rf) : DBNull.Value;
            uniqueKey.Value = (object?)j.Unique?.Key ?? DBNull.Value;
            uniquePeriod.Value = j.Unique?.Period is { } p ? (long)p.TotalMilliseconds : DBNull.Value;
            uniqueStates.Value = j.Unique is { } u ? JsonArray(u.States) : DBNull.Value;
            traceParent.Value = (object?)j.TraceParent ?? DBNull.Value;
            if (j.Unique is null)
            {
                cmd.ExecuteNonQuery();
                ids.Add(j.Id);
                continue;
            }
            releaseKey.Value = j.Unique.Key;
            release.ExecuteNonQuery();
            var inserted = cmd.ExecuteNonQuery() > 0;
            holderKey.Value = j.Unique.Key;
            ids.Add(inserted ? j.Id : holder.ExecuteScalar() is string held ? Guid.Parse(held) : j.Id);
        }
        return ids;
    }
}
