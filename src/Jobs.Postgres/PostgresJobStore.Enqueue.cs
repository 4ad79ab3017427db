using System.Data.Common;
using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresJobStore
{
    public Task EnqueueAsync(IReadOnlyList<NewJob> jobs, DbConnection? connection, DbTransaction? transaction, CancellationToken ct)
    {
        if (jobs.Count == 0) return Task.CompletedTask;
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
        // COPY cannot skip existing rows, so batches holding caller-chosen ids (which may exist) take the upsert path.
        return Run(() => jobs.Count >= _options.CopyThreshold && !jobs.Any(j => j.CallerChoseId)
            ? CopyAsync(jobs, conn, (NpgsqlTransaction?)transaction, ct)
            : InsertAsync(jobs, conn, (NpgsqlTransaction?)transaction, ct));
    }

    private async Task<bool> InsertAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? conn, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = Command(_sql.Enqueue, conn, tx);
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
        Add(cmd, "available_channel", _sql.AvailableChannel);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Binary COPY in one transaction (the caller's, when given): reads the database clock once so countdowns and
    /// relative expiries use it, copies the rows, then notifies each queue once (delivered at commit).
    /// </summary>
    private async Task<bool> CopyAsync(IReadOnlyList<NewJob> jobs, NpgsqlConnection? callerConn, NpgsqlTransaction? callerTx, CancellationToken ct)
    {
        var conn = callerConn ?? await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        try
        {
            var ownTx = callerConn is null ? await conn.BeginTransactionAsync(ct).ConfigureAwait(false) : null;
            await using (ownTx)
            {
                var now = (await DbNowAsync(conn, callerTx ?? ownTx, ct).ConfigureAwait(false)).UtcDateTime;

                await using (var writer = await conn.BeginBinaryImportAsync(_sql.EnqueueCopy, ct).ConfigureAwait(false))
                {
                    foreach (var j in jobs)
                    {
                        var runAt = j.RunAt?.UtcDateTime ?? now + j.Delay;
                        DateTime? expiresAt = j.ExpiresAt?.UtcDateTime ?? (j.ExpiresIn is { } e ? now + e : null);
                        await writer.StartRowAsync(ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.Id, NpgsqlDbType.Uuid, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.Task, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.Queue, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.Priority, NpgsqlDbType.Smallint, ct).ConfigureAwait(false);
                        await writer.WriteAsync(runAt > now ? JobState.Scheduled : JobState.Pending, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.ArgsJson, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
                        await writer.WriteAsync(runAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                        if (expiresAt is { } x) await writer.WriteAsync(x, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                        else await writer.WriteNullAsync(ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.MaxAttempts, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.RetryBackoffMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                        await writer.WriteAsync(j.RetryBackoffMaxMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                        await WriteNullableAsync(writer, j.SoftTimeLimitMs, ct).ConfigureAwait(false);
                        await WriteNullableAsync(writer, j.TimeLimitMs, ct).ConfigureAwait(false);
                    }
                    await writer.CompleteAsync(ct).ConfigureAwait(false);
                }

                await using (var notify = new NpgsqlCommand(_sql.NotifyAvailable, conn, callerTx))
                {
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
        return true;
    }

    private static Task WriteNullableAsync(NpgsqlBinaryImporter writer, int? value, CancellationToken ct)
        => value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Integer, ct) : writer.WriteNullAsync(ct);
}
