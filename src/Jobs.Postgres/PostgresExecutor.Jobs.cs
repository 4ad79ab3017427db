using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

internal sealed partial class PostgresExecutor
{
    // COPY cannot skip existing rows, so batches holding caller-chosen ids (which may exist) take the upsert path.
    public async ValueTask JobInsertManyAsync(IReadOnlyList<NewJob> jobs)
    {
        if (jobs.Count == 0) return;
        if (jobs.Count >= store.Options.CopyThreshold && !jobs.Any(j => j.CallerChoseId)) await CopyAsync(jobs).ConfigureAwait(false);
        else
        {
            await using var cmd = Command(_sql.JobInsertMany);
            AddInsertParameters(cmd, jobs);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        Changes.QueuesAvailable(jobs.Select(j => j.Queue));
    }

    public async ValueTask<UniqueInsert> JobInsertUniqueAsync(NewJob job)
    {
        await using var cmd = Command(_sql.JobInsertUnique);
        AddInsertParameters(cmd, [job]);
        Add(cmd, "unique_key", job.Unique!.Key);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        var inserted = r.GetInt64(0) > 0;
        await r.NextResultAsync(ct).ConfigureAwait(false);
        Guid? holder = await r.ReadAsync(ct).ConfigureAwait(false) ? r.GetGuid(0) : null;
        if (inserted) Changes.QueueAvailable(job.Queue);
        return new UniqueInsert(inserted, holder);
    }

    /// <summary>The parameters of job_insert_many.sql: one array per column.</summary>
    private static void AddInsertParameters(NpgsqlCommand cmd, IReadOnlyList<NewJob> jobs)
    {
        Add(cmd, "ids", jobs.Select(j => j.Id).ToArray());
        Add(cmd, "tasks", jobs.Select(j => j.Task).ToArray());
        Add(cmd, "queues", jobs.Select(j => j.Queue).ToArray());
        Add(cmd, "priorities", jobs.Select(j => j.Priority).ToArray());
        Add(cmd, "args", jobs.Select(j => j.ArgsColumn).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
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
        AddEnvelopeParameters(cmd.Parameters, jobs);
    }

    /// <summary>The envelope's arrays (content_types, content_encodings, payloads, signatures) of job_insert_many.sql and workflow_insert.sql.</summary>
    private static void AddEnvelopeParameters(NpgsqlParameterCollection parameters, IReadOnlyList<NewJob> jobs)
    {
        parameters.Add(Parameter("content_types", jobs.Select(j => j.ContentType).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        parameters.Add(Parameter("content_encodings", jobs.Select(j => j.ContentEncoding).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
        parameters.Add(Parameter("payloads", jobs.Select(j => j.Payload).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea));
        parameters.Add(Parameter("signatures", jobs.Select(j => j.Signature).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text));
    }

    /// <summary>
    /// Binary COPY in one transaction (this executor's, or one of its own): job_insert_many.quiet.sql first keeps the
    /// insert trigger quiet and reads the database clock, then the rows are copied. A batch whose jobs are all due now
    /// and have no relative expiry needs no clock (state and run_at take the table's defaults).
    /// </summary>
    private async Task CopyAsync(IReadOnlyList<NewJob> jobs)
    {
        var enveloped = jobs.Any(j => j.Payload is not null || j.Signature is not null);
        var dueNow = !enveloped && jobs.All(j => j.RunAt is null && j.Delay == TimeSpan.Zero && j.ExpiresIn is null);
        if (connection is not null)
        {
            var now = await QuietAsync(connection, transaction).ConfigureAwait(false);
            await CopyRowsAsync(connection, dueNow ? null : now, jobs, enveloped).ConfigureAwait(false);
            return;
        }
        await using var own = await store.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await own.BeginTransactionAsync(ct).ConfigureAwait(false); // BEGIN goes with the next statement
        var clock = await QuietAsync(own, tx).ConfigureAwait(false);
        await CopyRowsAsync(own, dueNow ? null : clock, jobs, enveloped).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Runs job_insert_many.quiet.sql: the insert trigger stays quiet for the transaction; returns the database clock.</summary>
    private async Task<DateTime> QuietAsync(NpgsqlConnection conn, NpgsqlTransaction? tx)
    {
        await using var cmd = new NpgsqlCommand(_sql.JobCopyManyQuiet, conn, tx);
        return (DateTime)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Writes the rows of job_copy_many.sql, or with <paramref name="now"/> null those of job_copy_many_due_now.sql
    /// (no state, no run_at: every job is due now and its expiry, if any, is absolute).
    /// </summary>
    private async Task CopyRowsAsync(NpgsqlConnection conn, DateTime? now, IReadOnlyList<NewJob> jobs, bool enveloped)
    {
        var copy = enveloped ? _sql.JobCopyManyEnvelope : now is null ? _sql.JobCopyManyDueNow : _sql.JobCopyMany;
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
                if (j.ArgsColumn is { } args) await writer.WriteAsync(args, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
                else await writer.WriteNullAsync(ct).ConfigureAwait(false);
                await writer.WriteAsync(runAt, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            }
            else await writer.WriteAsync(j.ArgsJson, NpgsqlDbType.Jsonb, ct).ConfigureAwait(false);
            if (expiresAt is { } x) await writer.WriteAsync(x, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            await writer.WriteAsync(j.MaxAttempts, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.RetryBackoffMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await writer.WriteAsync(j.RetryBackoffMaxMs, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            await WriteNullableAsync(writer, j.SoftTimeLimitMs).ConfigureAwait(false);
            await WriteNullableAsync(writer, j.TimeLimitMs).ConfigureAwait(false);
            if (j.RetryFor is { } retryFor) await writer.WriteAsync(retryFor.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            if (j.TraceParent is { } traceParent) await writer.WriteAsync(traceParent, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            if (!enveloped) continue;
            await writer.WriteAsync(j.ContentType, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            if (j.ContentEncoding is { } encoding) await writer.WriteAsync(encoding, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            if (j.Payload is { } payload) await writer.WriteAsync(payload, NpgsqlDbType.Bytea, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
            if (j.Signature is { } signature) await writer.WriteAsync(signature, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            else await writer.WriteNullAsync(ct).ConfigureAwait(false);
        }
        await writer.CompleteAsync(ct).ConfigureAwait(false);
    }

    private Task WriteNullableAsync(NpgsqlBinaryImporter writer, int? value)
        => value is { } v ? writer.WriteAsync(v, NpgsqlDbType.Integer, ct) : writer.WriteNullAsync(ct);

    public async ValueTask<IReadOnlyList<ClaimedJob>> JobClaimManyAsync(ClaimRequest request)
    {
        var one = request.Queues.Count == 1;
        await using var cmd = Command(one ? _sql.JobClaimManyOneQueue : _sql.JobClaimMany);
        if (one) Add(cmd, "queue", request.Queues[0]);
        else Add(cmd, "queues", request.Queues.ToArray());
        Add(cmd, "limit", request.Limit);
        return await ReadClaimedAsync(cmd, request).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ClaimedJob>> JobClaimByIdManyAsync(ClaimRequest request, IReadOnlyList<Guid> ids, DateTimeOffset startedAt)
    {
        await using var cmd = Command(_sql.JobClaimByIdMany);
        Add(cmd, "ids", ids.ToArray());
        Add(cmd, "started_at", startedAt.UtcDateTime, NpgsqlDbType.TimestampTz);
        return await ReadClaimedAsync(cmd, request).ConfigureAwait(false);
    }

    /// <summary>Runs job_claim_many.sql with either row selection; expired jobs (recorded REVOKED) have ended.</summary>
    private async Task<List<ClaimedJob>> ReadClaimedAsync(NpgsqlCommand cmd, ClaimRequest request)
    {
        Add(cmd, "worker", request.Worker);
        Add(cmd, "lease_ms", (long)request.Lease.TotalMilliseconds);
        var jobs = new List<ClaimedJob>(request.Limit);
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadClaimed(r));
        foreach (var j in jobs) if (j.Expired) Changes.JobEnded(j.Id);
        return jobs;
    }

    public async ValueTask<TimeSpan?> JobNextRunDelayAsync(IReadOnlyList<string> queues)
    {
        await using var cmd = Command(_sql.JobNextRunDelay);
        Add(cmd, "queues", queues.ToArray());
        return Milliseconds(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<Guid>> JobFinishManyAsync(string worker, IReadOnlyList<JobOutcome> outcomes)
    {
        var n = outcomes.Count;
        var ids = new Guid[n];
        var attempts = new int[n];
        var states = new string[n];
        var results = new string?[n];
        var errors = new string?[n];
        var tracebacks = new string?[n];
        var delays = new long[n];
        var resultPayloads = new byte[]?[n];
        var resultSignatures = new string?[n];
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
            resultPayloads[i] = o.ResultPayload;
            resultSignatures[i] = o.ResultSignature;
        }
        await using var cmd = Command(_sql.JobFinishMany);
        Add(cmd, "ids", ids);
        Add(cmd, "attempts", attempts);
        Add(cmd, "states", states);
        Add(cmd, "results", results, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        Add(cmd, "errors", errors, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "tracebacks", tracebacks, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "delays_ms", delays);
        Add(cmd, "result_payloads", resultPayloads, NpgsqlDbType.Array | NpgsqlDbType.Bytea);
        Add(cmd, "result_signatures", resultSignatures, NpgsqlDbType.Array | NpgsqlDbType.Text);
        Add(cmd, "worker", worker);
        var written = new List<Guid>(n);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            var id = r.GetGuid(0);
            written.Add(id);
            if (r.GetString(1) == JobState.Retry) Changes.QueueAvailable(r.GetString(2));
            else Changes.JobEnded(id);
        }
        return written;
    }

    public async ValueTask<IReadOnlyList<HeldJob>> JobLeaseExtendManyAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease)
    {
        await using var cmd = Command(_sql.JobLeaseExtendMany);
        AddHeld(cmd, worker, jobs);
        Add(cmd, "lease_ms", (long)lease.TotalMilliseconds);
        var still = new List<HeldJob>(jobs.Count);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) still.Add(new HeldJob(r.GetGuid(0), r.GetInt32(1)));
        return still;
    }

    public async ValueTask<int> JobReleaseManyAsync(string worker, IReadOnlyList<HeldJob> jobs)
    {
        await using var cmd = Command(_sql.JobReleaseMany);
        AddHeld(cmd, worker, jobs);
        var released = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            released++;
            Changes.QueueAvailable(r.GetString(0));
        }
        return released;
    }

    private static void AddHeld(NpgsqlCommand cmd, string worker, IReadOnlyList<HeldJob> jobs)
    {
        Add(cmd, "ids", jobs.Select(j => j.Id).ToArray());
        Add(cmd, "attempts", jobs.Select(j => j.Attempt).ToArray());
        Add(cmd, "worker", worker, NpgsqlDbType.Text);
    }

    public async ValueTask<int> JobRescueManyAsync(int limit)
    {
        await using var cmd = Command(_sql.JobRescueMany);
        Add(cmd, "lock_key", _sql.RescuerLockKey);
        Add(cmd, "limit", limit);
        var rescued = 0;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            rescued++;
            if (r.GetString(1) == JobState.Failure) Changes.JobEnded(r.GetGuid(0));
            else Changes.QueueAvailable(r.GetString(2));
        }
        return rescued;
    }

    public async ValueTask<int> JobPruneManyAsync(TimeSpan resultTtl, int limit)
    {
        await using var cmd = Command(_sql.JobPruneMany);
        Add(cmd, "ttl_ms", (long)resultTtl.TotalMilliseconds);
        Add(cmd, "limit", limit);
        return await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JobInfo>> JobGetManyAsync(IReadOnlyList<Guid> ids)
    {
        await using var cmd = Command(_sql.JobGetMany);
        Add(cmd, "ids", ids.ToArray());
        var jobs = new List<JobInfo>(ids.Count);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }

    public async ValueTask<IReadOnlyList<JobAttempt>> JobAttemptListAsync(Guid id)
    {
        await using var cmd = Command(_sql.JobAttemptList);
        Add(cmd, "id", id);
        var attempts = new List<JobAttempt>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) attempts.Add(JobRows.ReadAttempt(r));
        return attempts;
    }
}
