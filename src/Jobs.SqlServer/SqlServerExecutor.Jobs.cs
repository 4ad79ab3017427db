using System.Data;
using Jobs.Storage;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer;

internal sealed partial class SqlServerExecutor
{
    // SqlBulkCopy cannot skip existing rows, so batches holding caller-chosen ids (which may exist) take the statement;
    // so do batches holding jobs that are not plain JSON (the bulk copy's columns are those of plain rows).
    public async ValueTask JobInsertManyAsync(IReadOnlyList<NewJob> jobs)
    {
        if (jobs.Count == 0) return;
        if (jobs.Count >= Options.BulkCopyThreshold && !jobs.Any(j => j.CallerChoseId || j.Unique is not null || j.Payload is not null || j.Signature is not null)) await BulkCopyAsync(jobs).ConfigureAwait(false);
        else
        {
            using var cmd = Command(_sql.JobInsertMany);
            Json(cmd, "jobs", JobsJson(jobs));
            await runner.ScalarAsync(cmd, ct).ConfigureAwait(false);
        }
        Changes.QueuesAvailable(jobs.Select(j => j.Queue));
    }

    public async ValueTask<UniqueInsert> JobInsertUniqueAsync(NewJob job)
    {
        using var cmd = Command(_sql.JobInsertUnique);
        Json(cmd, "jobs", JobsJson([job]));
        Text(cmd, "unique_key", job.Unique!.Key, 400);
        var inserted = false;
        Guid? holder = null;
        await using (var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false))
        {
            if (await r.ReadAsync(ct).ConfigureAwait(false)) inserted = r.GetInt32(0) > 0;
            if (await r.NextResultAsync(ct).ConfigureAwait(false) && await r.ReadAsync(ct).ConfigureAwait(false)) holder = r.GetGuid(0);
        }
        if (inserted) Changes.QueueAvailable(job.Queue);
        return new UniqueInsert(inserted, holder);
    }

    /// <summary>The @jobs array of job_insert_many.sql: one object per job.</summary>
    private static string JobsJson(IReadOnlyList<NewJob> jobs) => SqlJson.Objects(jobs, static (w, j) => w
        .Id("id", j.Id).Str("task", j.Task).Str("queue", j.Queue).Num("priority", j.Priority).Str("args", j.ArgsColumn)
        .Time("run_at", j.RunAt).Num("delay_ms", (long)j.Delay.TotalMilliseconds)
        .Time("expires_at", j.ExpiresAt).Num("expires_in_ms", (long?)j.ExpiresIn?.TotalMilliseconds)
        .Num("max_attempts", j.MaxAttempts).Num("backoff_ms", j.RetryBackoffMs).Num("backoff_max_ms", j.RetryBackoffMaxMs)
        .Num("soft_time_limit_ms", j.SoftTimeLimitMs).Num("time_limit_ms", j.TimeLimitMs)
        .Str("retry_for", j.RetryFor is null ? null : System.Text.Json.JsonSerializer.Serialize(j.RetryFor))
        .Str("unique_key", j.Unique?.Key).Num("unique_period_ms", (long?)j.Unique?.Period?.TotalMilliseconds)
        .Str("unique_states", j.Unique is { } u ? System.Text.Json.JsonSerializer.Serialize(u.States) : null)
        .Str("trace_parent", j.TraceParent)
        .Str("content_type", j.ContentType).Str("content_encoding", j.ContentEncoding)
        .Str("payload", j.Payload is null ? null : Convert.ToBase64String(j.Payload)).Str("signature", j.Signature));

    /// <summary>
    /// SqlBulkCopy. A batch whose jobs are all due now and have no relative expiry needs no clock: state and run_at
    /// take the table's defaults ('PENDING', SYSUTCDATETIME()). Otherwise the database clock is read once first, so
    /// countdowns and relative expiries are resolved on it, never on this machine's clock.
    /// </summary>
    private async Task BulkCopyAsync(IReadOnlyList<NewJob> jobs)
    {
        var dueNow = jobs.All(j => j.RunAt is null && j.Delay == TimeSpan.Zero && j.ExpiresIn is null);
        DateTime? now = dueNow ? null : (await ClockNowAsync().ConfigureAwait(false)).UtcDateTime;
        var table = new DataTable();
        void Column<T>(string name) => table.Columns.Add(name, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
        Column<Guid>("id"); Column<string>("task"); Column<string>("queue"); Column<short>("priority"); Column<string>("args");
        if (now is not null) { Column<string>("state"); Column<DateTime>("run_at"); }
        Column<DateTime?>("expires_at"); Column<int>("max_attempts"); Column<int>("retry_backoff_ms"); Column<int>("retry_backoff_max_ms");
        Column<int?>("soft_time_limit_ms"); Column<int?>("time_limit_ms"); Column<string>("retry_for"); Column<string>("trace_parent");
        foreach (var j in jobs)
        {
            var row = table.NewRow();
            row["id"] = j.Id;
            row["task"] = j.Task;
            row["queue"] = j.Queue;
            row["priority"] = j.Priority;
            row["args"] = j.ArgsJson;
            DateTime? expiresAt = j.ExpiresAt?.UtcDateTime;
            if (now is { } n)
            {
                var runAt = j.RunAt?.UtcDateTime ?? n + j.Delay;
                expiresAt ??= j.ExpiresIn is { } e ? n + e : null;
                row["state"] = runAt > n ? JobState.Scheduled : JobState.Pending;
                row["run_at"] = runAt;
            }
            row["expires_at"] = (object?)expiresAt ?? DBNull.Value;
            row["max_attempts"] = j.MaxAttempts;
            row["retry_backoff_ms"] = j.RetryBackoffMs;
            row["retry_backoff_max_ms"] = j.RetryBackoffMaxMs;
            row["soft_time_limit_ms"] = (object?)j.SoftTimeLimitMs ?? DBNull.Value;
            row["time_limit_ms"] = (object?)j.TimeLimitMs ?? DBNull.Value;
            row["retry_for"] = j.RetryFor is null ? DBNull.Value : System.Text.Json.JsonSerializer.Serialize(j.RetryFor);
            row["trace_parent"] = (object?)j.TraceParent ?? DBNull.Value;
            table.Rows.Add(row);
        }
        await runner.BulkCopyAsync(SqlServerSql.QuoteBracket(_sql.Schema) + ".[job]", table, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ClaimedJob>> JobClaimManyAsync(ClaimRequest request)
    {
        var one = request.Queues.Count == 1;
        using var cmd = Command(one ? _sql.JobClaimManyOneQueue : _sql.JobClaimMany);
        if (one) Text(cmd, "queue", request.Queues[0]);
        else Json(cmd, "queues", SqlJson.Strings(request.Queues));
        Int(cmd, "limit", request.Limit);
        return await ReadClaimedAsync(cmd, request).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<ClaimedJob>> JobClaimByIdManyAsync(ClaimRequest request, IReadOnlyList<Guid> ids, DateTimeOffset startedAt)
    {
        using var cmd = Command(_sql.JobClaimByIdMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        Time(cmd, "started_at", startedAt);
        return await ReadClaimedAsync(cmd, request).ConfigureAwait(false);
    }

    /// <summary>Runs job_claim_many.sql with either row selection; expired jobs (recorded REVOKED) have ended.</summary>
    private async Task<List<ClaimedJob>> ReadClaimedAsync(SqlCommand cmd, ClaimRequest request)
    {
        Text(cmd, "worker", request.Worker);
        Int(cmd, "lease_ms", (int)Math.Min(int.MaxValue, request.Lease.TotalMilliseconds));
        var jobs = new List<ClaimedJob>(request.Limit);
        await using (var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadClaimed(r));
        foreach (var j in jobs) if (j.Expired) Changes.JobEnded(j.Id);
        return jobs;
    }

    public async ValueTask<TimeSpan?> JobNextRunDelayAsync(IReadOnlyList<string> queues)
    {
        using var cmd = Command(_sql.JobNextRunDelay);
        Json(cmd, "queues", SqlJson.Strings(queues));
        return DelayMs(await runner.ScalarAsync(cmd, ct).ConfigureAwait(false));
    }

    public async ValueTask<IReadOnlyList<Guid>> JobFinishManyAsync(string worker, IReadOnlyList<JobOutcome> outcomes)
    {
        using var cmd = Command(_sql.JobFinishMany);
        Json(cmd, "outcomes", SqlJson.Objects(outcomes, static (w, o) => w
            .Id("id", o.Id).Num("attempt", o.Attempt).Str("state", JobOutcome.StateOf(o.Kind)).Str("result", o.ResultJson)
            .Str("result_payload", o.ResultPayload is null ? null : Convert.ToBase64String(o.ResultPayload)).Str("result_signature", o.ResultSignature)
            .Str("error", o.Error).Str("traceback", o.Traceback).Num("delay_ms", (long)o.RetryDelay.TotalMilliseconds)));
        Text(cmd, "worker", worker);
        var written = new List<Guid>(outcomes.Count);
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
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
        using var cmd = Command(_sql.JobLeaseExtendMany);
        AddHeld(cmd, worker, jobs);
        Int(cmd, "lease_ms", (int)Math.Min(int.MaxValue, lease.TotalMilliseconds));
        var still = new List<HeldJob>(jobs.Count);
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) still.Add(new HeldJob(r.GetGuid(0), r.GetInt32(1)));
        return still;
    }

    public async ValueTask<int> JobReleaseManyAsync(string worker, IReadOnlyList<HeldJob> jobs)
    {
        using var cmd = Command(_sql.JobReleaseMany);
        AddHeld(cmd, worker, jobs);
        var released = 0;
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            released++;
            Changes.QueueAvailable(r.GetString(0));
        }
        return released;
    }

    private static void AddHeld(SqlCommand cmd, string worker, IReadOnlyList<HeldJob> jobs)
    {
        Json(cmd, "jobs", SqlJson.Objects(jobs, static (w, j) => w.Id("id", j.Id).Num("attempt", j.Attempt)));
        Text(cmd, "worker", worker);
    }

    public async ValueTask<int> JobRescueManyAsync(int limit)
    {
        using var cmd = Command(_sql.JobRescueMany);
        Text(cmd, "lock_name", _sql.RescuerLockName, 255);
        Int(cmd, "limit", limit);
        var rescued = 0;
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
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
        using var cmd = Command(_sql.JobPruneMany);
        Milliseconds(cmd, "ttl_ms", resultTtl);
        Int(cmd, "limit", limit);
        return await CountAsync(cmd).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<JobInfo>> JobGetManyAsync(IReadOnlyList<Guid> ids)
    {
        using var cmd = Command(_sql.JobGetMany);
        Json(cmd, "ids", SqlJson.Ids(ids));
        var jobs = new List<JobInfo>(ids.Count);
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }

    public async ValueTask<IReadOnlyList<JobAttempt>> JobAttemptListAsync(Guid id)
    {
        using var cmd = Command(_sql.JobAttemptList);
        Add(cmd, "id", SqlDbType.UniqueIdentifier, id);
        var attempts = new List<JobAttempt>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) attempts.Add(JobRows.ReadAttempt(r));
        return attempts;
    }
}
