using System.Data.Common;
using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    private int _ownEnqueuesInFlight;

    public Task<IReadOnlyList<Guid>> EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct)
    {
        if (jobs.Count == 0) return Task.FromResult<IReadOnlyList<Guid>>([]);
        var conn = connection switch
        {
            null => null,
            NpgsqlConnection c => c,
            _ => throw new ArgumentException($"The PostgreSQL store can only enqueue on an NpgsqlConnection, not {connection.GetType().Name}.", nameof(connection)),
        };
        if (transaction is not null and not NpgsqlTransaction)
            throw new ArgumentException($"The PostgreSQL store can only join an NpgsqlTransaction, not {transaction.GetType().Name}.", nameof(transaction));
        if (conn is { State: not System.Data.ConnectionState.Open })
            throw new ArgumentException("The connection to enqueue on must be open.", nameof(connection));
        if (transaction is NpgsqlTransaction { Connection: null })
            throw new InvalidOperationException("The transaction to enqueue in has already been committed or rolled back.");
        var tx = (NpgsqlTransaction?)transaction;
        if (jobs.Any(j => j.Unique is not null)) return Run(() => EnqueueWithUniqueAsync(jobs, conn, tx, ct));
        return Run<IReadOnlyList<Guid>>(async () =>
        {
            // On the caller's connection the NOTIFY goes with the insert (delivered at the caller's commit). On our own,
            // it goes with the insert too while no other enqueue of this store is in flight (one round trip less to
            // wake a worker), else it is sent after the commit so that concurrent inserts share WAL flushes (see
            // PostgresNotifier).
            var alone = conn is null && Interlocked.Increment(ref _ownEnqueuesInFlight) == 1;
            try
            {
                var notified = await InsertManyAsync(jobs, conn, tx, notifyInline: conn is not null || alone, ct).ConfigureAwait(false);
                if (!notified) _notifier.JobsAvailable(jobs.Select(j => j.Queue));
            }
            finally
            {
                if (conn is null) Interlocked.Decrement(ref _ownEnqueuesInFlight);
            }
            return jobs.Select(j => j.Id).ToList();
        });
    }

    // COPY cannot skip existing rows, so batches holding caller-chosen ids (which may exist) take the upsert path.
    // Returns whether the write notified the queues itself (else the caller has the notifier do it after the commit).
    private Task<bool> InsertManyAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? conn, NpgsqlTransaction? tx, bool notifyInline, CancellationToken ct)
        => jobs.Count >= _options.CopyThreshold && !jobs.Any(j => j.CallerChoseId)
            ? CopyAsync(jobs, conn, tx, notifyInline, ct)
            : InsertAsync(jobs, conn, tx, notifyInline, ct);

    /// <summary>
    /// A batch holding unique jobs, in one transaction (the caller's, or one of its own when the caller gave no
    /// connection): plain jobs as usual, then each unique job by <see cref="EnqueueUniqueAsync"/>.
    /// </summary>
    private async Task<IReadOnlyList<Guid>> EnqueueWithUniqueAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? callerConn, NpgsqlTransaction? callerTx, CancellationToken ct)
    {
        var conn = callerConn ?? await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            await using var ownTx = callerConn is null ? await conn.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
            var tx = callerTx ?? ownTx;
            var inline = ownTx is null;
            var plain = jobs.Where(j => j.Unique is null).ToList();
            if (plain.Count > 0) await InsertManyAsync(plain, conn, tx, inline, ct).ConfigureAwait(false);
            var ids = new List<Guid>(jobs.Count);
            foreach (var job in jobs)
                ids.Add(job.Unique is null ? job.Id : await EnqueueUniqueAsync(job, conn, tx, inline, ct).ConfigureAwait(false));
            if (ownTx is not null)
            {
                await ownTx.CommitAsync(ct).ConfigureAwait(false);
                _notifier.JobsAvailable(jobs.Select(j => j.Queue));
            }
            return ids;
        }
        finally
        {
            if (callerConn is null) await conn.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One unique job, one round trip of three statements (release a lapsed holder, insert unless the key is held,
    /// read the holder): returns the id of the job holding the key afterwards, the new one or the existing one. The
    /// unique index makes it exact: of racing inserts one wins, the others wait for its transaction and skip. When the
    /// holder vanished between the statements (pruned, purged, or released by a racer) the batch runs again.
    /// </summary>
    private async Task<Guid> EnqueueUniqueAsync(NewJob job, NpgsqlConnection conn, NpgsqlTransaction? tx, bool notifyInline, CancellationToken ct)
    {
        for (var round = 1; ; round++)
        {
            await using var cmd = new NpgsqlCommand(_sql.EnqueueUnique, conn, tx);
            AddInsertParameters(cmd, [job], notifyInline);
            Add(cmd, "unique_key", job.Unique!.Key);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await r.ReadAsync(ct).ConfigureAwait(false);
            var inserted = r.GetInt64(0) > 0;
            await r.NextResultAsync(ct).ConfigureAwait(false);
            Guid? holder = await r.ReadAsync(ct).ConfigureAwait(false) ? r.GetGuid(0) : null;
            if (inserted) return job.Id;
            if (holder is { } id) return id;
            if (job.CallerChoseId) return job.Id; // the id existed already: an enqueue retried
            if (round == 5) throw new JobsException($"Unique job key '{job.Unique.Key}' kept changing hands; the job was not enqueued.");
        }
    }

    private async Task<bool> InsertAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? conn, NpgsqlTransaction? tx, bool notifyInline, CancellationToken ct)
    {
        await using var cmd = Command(_sql.Enqueue, conn, tx);
        AddInsertParameters(cmd, jobs, notifyInline);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return notifyInline;
    }

    /// <summary>The parameters of enqueue.sql: one array per column, and whether the statement notifies.</summary>
    private void AddInsertParameters(NpgsqlCommand cmd, IReadOnlyList<NewJob> jobs, bool notifyInline)
    {
        Add(cmd, "notify", notifyInline);
        Add(cmd, "ids", jobs.Select(j => j.Id).ToArray());
        Add(cmd, "tasks", jobs.Select(j => j.Task).ToArray());
        Add(cmd, "queues", jobs.Select(j => j.Queue).ToArray());
        Add(cmd, "priorities", jobs.Select(j => j.Priority).ToArray());
        Add(cmd, "args", jobs.Select(j => j.ArgsJson).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        Add(cmd, "run_ats", jobs.Select(j => j.RunAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(cmd, "delays_ms", jobs.Select(j => (long)j.Delay.TotalMilliseconds).ToArray());
        Add(cmd, "expires_ats", jobs.Select(j => j.ExpiresAt?.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz);
        Add(cmd, "expires_in_ms", jobs.Select(j => (long?)j.ExpiresIn?.TotalMilliseconds).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(cmd, "max_attempts", jobs.Select(j => j.MaxAttempts).ToArray());
        Add(cmd, "backoff_ms", jobs.Select(j => j.RetryBackoffMs).ToArray());
        Add(cmd, "backoff_max_ms", jobs.Select(j => j.RetryBackoffMaxMs).ToArray());
        Add(cmd, "soft_limits_ms", jobs.Select(j => j.SoftTimeLimitMs).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        Add(cmd, "limits_ms", jobs.Select(j => j.TimeLimitMs).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);
        Add(cmd, "retry_fors", jobs.Select(j => j.RetryFor is null ? null : System.Text.Json.JsonSerializer.Serialize(j.RetryFor)).ToArray(),
            NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        Add(cmd, "unique_keys", jobs.Select(j => j.Unique?.Key).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "unique_periods_ms", jobs.Select(j => (long?)j.Unique?.Period?.TotalMilliseconds).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        Add(cmd, "unique_states", jobs.Select(j => j.Unique is { } u ? string.Join(',', u.States) : null).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "trace_parents", jobs.Select(j => j.TraceParent).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "available_channel", _sql.AvailableChannel);
    }

    /// <summary>
    /// Binary COPY in one transaction (the caller's, when given): reads the database clock once so countdowns and
    /// relative expiries use it, copies the rows, then notifies each queue once (in the caller's transaction when
    /// <paramref name="notifyInline"/>, else after our commit). A batch of our own whose jobs are all due now and
    /// have no relative expiry needs no clock: it is one autocommit COPY (state and run_at take the table's defaults).
    /// </summary>
    private async Task<bool> CopyAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? callerConn, NpgsqlTransaction? callerTx, bool notifyInline, CancellationToken ct)
    {
        if (callerConn is null && jobs.All(j => j.RunAt is null && j.Delay == TimeSpan.Zero && j.ExpiresIn is null))
        {
            await using var own = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await CopyRowsAsync(own, _sql.EnqueueCopyDueNow, jobs, now: null, ct).ConfigureAwait(false);
            return false; // a COPY cannot notify
        }
        var conn = callerConn ?? await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var ownTx = callerConn is null ? await conn.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
            await using (ownTx)
            {
                var now = (await DbNowAsync(conn, callerTx ?? ownTx, ct).ConfigureAwait(false)).UtcDateTime;
                await CopyRowsAsync(conn, _sql.EnqueueCopy, jobs, now, ct).ConfigureAwait(false);
                if (notifyInline)
                {
                    await using var notify = new NpgsqlCommand(_sql.NotifyAvailable, conn, callerTx);
                    Add(notify, "available_channel", _sql.AvailableChannel);
                    Add(notify, "queues", jobs.Select(j => j.Queue).Distinct().ToArray());
                    await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                if (ownTx is not null) await ownTx.CommitAsync(ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (callerConn is null) await conn.DisposeAsync().ConfigureAwait(false);
        }
        return notifyInline;
    }

    /// <summary>
    /// Writes the rows of enqueue_copy.sql, or with <paramref name="now"/> null those of enqueue_copy_due_now.sql
    /// (no state, no run_at: every job is due now and its expiry, if any, is absolute).
    /// </summary>
    private static async Task CopyRowsAsync(NpgsqlConnection conn, string copy, IReadOnlyList<NewJob> jobs, DateTime? now, CancellationToken ct)
    {
        await using var writer = await conn.BeginBinaryImportAsync(copy, ct).ConfigureAwait(false);
        foreach (var j in jobs)
        {
            await writer.StartRowAsync(ct).ConfigureAwait(false);
            await writer.WriteAsync(j.Id, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.Task, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.Queue, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.Priority, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
            DateTime? expiresAt = j.ExpiresAt?.UtcDateTime;
            if (now is { } n)
            {
                var runAt = j.RunAt?.UtcDateTime ?? n + j.Delay;
                expiresAt ??= j.ExpiresIn is { } e ? n + e : null;
                await writer.WriteAsync(runAt > n ? JobState.Scheduled : JobState.Pending, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await writer.WriteAsync(j.ArgsJson, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
                await writer.WriteAsync(runAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            }
            else await writer.WriteAsync(j.ArgsJson, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
            if (expiresAt is { } x) await writer.WriteAsync(x, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            await writer.WriteAsync(j.MaxAttempts, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.RetryBackoffMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.RetryBackoffMaxMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await WriteNullableAsync(writer, j.SoftTimeLimitMs, ct).ConfigureAwait(false);
            await WriteNullableAsync(writer, j.TimeLimitMs, ct).ConfigureAwait(false);
            if (j.RetryFor is { } retryFor) await writer.WriteAsync(retryFor.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            if (j.TraceParent is { } traceParent) await writer.WriteAsync(traceParent, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
        await writer.CompleteAsync(ct).ConfigureAwait(false);
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, int? value, CancellationToken ct)
        => value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Integer, ct) : writer.WriteNullAsync(ct);
}
