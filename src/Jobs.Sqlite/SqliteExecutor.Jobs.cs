using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

internal sealed partial class SqliteExecutor
{
    public ValueTask JobInsertManyAsync(IReadOnlyList<NewJob> jobs) => jobs.Count == 0 ? ValueTask.CompletedTask : new ValueTask(Write((c, tx) =>
    {
        using var insert = new JobInsert(c, tx, _sql.JobInsertMany);
        foreach (var j in jobs) insert.Execute(j);
        Changes.QueuesAvailable(jobs.Select(j => j.Queue));
        return true;
    }).AsTask());

    // job_insert_unique.release.sql, job_insert_many.sql and job_insert_unique.holder.sql in turn: SQLite has one
    // writer at a time, so nothing can come between them.
    public ValueTask<UniqueInsert> JobInsertUniqueAsync(NewJob job) => Write((c, tx) =>
    {
        using (var release = Command(c, tx, _sql.JobInsertUniqueRelease))
        {
            release.Parameters.AddWithValue("@unique_key", job.Unique!.Key);
            release.ExecuteNonQuery();
        }
        bool inserted;
        using (var insert = new JobInsert(c, tx, _sql.JobInsertMany)) inserted = insert.Execute(job);
        using var holder = Command(c, tx, _sql.JobInsertUniqueHolder);
        holder.Parameters.AddWithValue("@unique_key", job.Unique.Key);
        Guid? held = holder.ExecuteScalar() is string id ? Guid.Parse(id) : null;
        if (inserted) Changes.QueueAvailable(job.Queue);
        return new UniqueInsert(inserted, held);
    });

    public ValueTask<IReadOnlyList<ClaimedJob>> JobClaimManyAsync(ClaimRequest request) => Write<IReadOnlyList<ClaimedJob>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobClaimMany);
        cmd.Parameters.AddWithValue("@queues", JsonArray(request.Queues));
        cmd.Parameters.AddWithValue("@limit", request.Limit);
        return ReadClaimed(cmd, request);
    });

    public ValueTask<IReadOnlyList<ClaimedJob>> JobClaimByIdManyAsync(ClaimRequest request, IReadOnlyList<Guid> ids, DateTimeOffset startedAt)
        => Write<IReadOnlyList<ClaimedJob>>((c, tx) =>
        {
            using var cmd = Command(c, tx, _sql.JobClaimByIdMany);
            cmd.Parameters.AddWithValue("@ids", JsonIds(ids));
            cmd.Parameters.AddWithValue("@started_at", SqliteTime.Format(startedAt));
            return ReadClaimed(cmd, request);
        });

    /// <summary>Runs a claim statement (job_claim_many.sql with either row selection): the batch in claim order (RETURNING has none); expired jobs have ended.</summary>
    private List<ClaimedJob> ReadClaimed(SqliteCommand cmd, ClaimRequest request)
    {
        cmd.Parameters.AddWithValue("@worker", request.Worker);
        cmd.Parameters.AddWithValue("@lease_ms", (long)request.Lease.TotalMilliseconds);
        var jobs = new List<(ClaimedJob Job, string RunAt)>(request.Limit);
        using (var r = cmd.ExecuteReader())
            while (r.Read()) jobs.Add((JobRows.ReadClaimed(r), r.GetString(10)));
        foreach (var (job, _) in jobs) if (job.Expired) Changes.JobEnded(job.Id);
        return jobs
            .OrderByDescending(j => j.Job.Priority).ThenBy(j => j.RunAt, StringComparer.Ordinal).ThenBy(j => j.Job.Id.ToString(), StringComparer.Ordinal)
            .Select(j => j.Job).ToList();
    }

    public ValueTask<TimeSpan?> JobNextRunDelayAsync(IReadOnlyList<string> queues) => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobNextRunDelay);
        cmd.Parameters.AddWithValue("@queues", JsonArray(queues));
        return Milliseconds(cmd.ExecuteScalar());
    });

    public ValueTask<IReadOnlyList<Guid>> JobFinishManyAsync(string worker, IReadOnlyList<JobOutcome> outcomes) => Write<IReadOnlyList<Guid>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobFinishMany);
        var id = cmd.Parameters.Add("@id", SqliteType.Text);
        var attempt = cmd.Parameters.Add("@attempt", SqliteType.Integer);
        var state = cmd.Parameters.Add("@state", SqliteType.Text);
        var result = cmd.Parameters.Add("@result", SqliteType.Text);
        var error = cmd.Parameters.Add("@error", SqliteType.Text);
        var traceback = cmd.Parameters.Add("@traceback", SqliteType.Text);
        var delay = cmd.Parameters.Add("@delay_ms", SqliteType.Integer);
        var resultPayload = cmd.Parameters.Add("@result_payload", SqliteType.Blob);
        var resultSignature = cmd.Parameters.Add("@result_signature", SqliteType.Text);
        cmd.Parameters.AddWithValue("@worker", worker);
        cmd.Prepare();
        using var history = Command(c, tx, _sql.JobFinishManyHistory);
        var historyId = history.Parameters.Add("@id", SqliteType.Text);
        var historyAttempt = history.Parameters.Add("@attempt", SqliteType.Integer);
        var historyError = history.Parameters.Add("@error", SqliteType.Text);
        var historyTraceback = history.Parameters.Add("@traceback", SqliteType.Text);
        history.Parameters.AddWithValue("@worker", worker);
        var written = new List<Guid>(outcomes.Count);
        foreach (var o in outcomes)
        {
            if (o.Kind == OutcomeKind.Retry)
            {
                historyId.Value = o.Id.ToString();
                historyAttempt.Value = o.Attempt;
                historyError.Value = (object?)o.Error ?? DBNull.Value;
                historyTraceback.Value = (object?)o.Traceback ?? DBNull.Value;
                history.ExecuteNonQuery();
            }
            id.Value = o.Id.ToString();
            attempt.Value = o.Attempt;
            state.Value = JobOutcome.StateOf(o.Kind);
            result.Value = (object?)o.ResultJson ?? DBNull.Value;
            error.Value = (object?)o.Error ?? DBNull.Value;
            traceback.Value = (object?)o.Traceback ?? DBNull.Value;
            delay.Value = (long)o.RetryDelay.TotalMilliseconds;
            resultPayload.Value = (object?)o.ResultPayload ?? DBNull.Value;
            resultSignature.Value = (object?)o.ResultSignature ?? DBNull.Value;
            using var r = cmd.ExecuteReader();
            if (!r.Read()) continue;
            written.Add(o.Id);
            if (o.Kind == OutcomeKind.Retry) Changes.QueueAvailable(r.GetString(1));
            else Changes.JobEnded(o.Id);
        }
        return written;
    });

    public ValueTask<IReadOnlyList<HeldJob>> JobLeaseExtendManyAsync(string worker, IReadOnlyList<HeldJob> jobs, TimeSpan lease) => Write<IReadOnlyList<HeldJob>>((c, tx) =>
    {
        using var cmd = HeldCommand(c, tx, _sql.JobLeaseExtendMany, worker, out var id, out var attempt);
        cmd.Parameters.AddWithValue("@lease_ms", (long)lease.TotalMilliseconds);
        var still = new List<HeldJob>(jobs.Count);
        foreach (var j in jobs)
        {
            id.Value = j.Id.ToString();
            attempt.Value = j.Attempt;
            using var r = cmd.ExecuteReader();
            if (r.Read()) still.Add(new HeldJob(r.GetGuid(0), r.GetInt32(1)));
        }
        return still;
    });

    public ValueTask<int> JobReleaseManyAsync(string worker, IReadOnlyList<HeldJob> jobs) => Write((c, tx) =>
    {
        using var cmd = HeldCommand(c, tx, _sql.JobReleaseMany, worker, out var id, out var attempt);
        var released = 0;
        foreach (var j in jobs)
        {
            id.Value = j.Id.ToString();
            attempt.Value = j.Attempt;
            if (cmd.ExecuteScalar() is not string queue) continue;
            released++;
            Changes.QueueAvailable(queue);
        }
        return released;
    });

    private static SqliteCommand HeldCommand(SqliteConnection c, SqliteTransaction tx, string sql, string worker, out SqliteParameter id, out SqliteParameter attempt)
    {
        var cmd = Command(c, tx, sql);
        id = cmd.Parameters.Add("@id", SqliteType.Text);
        attempt = cmd.Parameters.Add("@attempt", SqliteType.Integer);
        cmd.Parameters.AddWithValue("@worker", worker);
        return cmd;
    }

    public ValueTask<int> JobRescueManyAsync(int limit) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobRescueMany);
        cmd.Parameters.AddWithValue("@limit", limit);
        var rescued = 0;
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            rescued++;
            if (r.GetString(1) == JobState.Failure) Changes.JobEnded(r.GetGuid(0));
            else if (r.GetString(1) == JobState.Pending) Changes.QueueAvailable(r.GetString(2));
        }
        return rescued;
    });

    public ValueTask<int> JobPruneManyAsync(TimeSpan resultTtl, int limit) => Write((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobPruneMany);
        cmd.Parameters.AddWithValue("@ttl_ms", (long)resultTtl.TotalMilliseconds);
        cmd.Parameters.AddWithValue("@limit", limit);
        return cmd.ExecuteNonQuery();
    });

    public ValueTask<IReadOnlyList<JobInfo>> JobGetManyAsync(IReadOnlyList<Guid> ids) => Read<IReadOnlyList<JobInfo>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobGetMany);
        cmd.Parameters.AddWithValue("@ids", JsonIds(ids));
        return ReadJobs(cmd);
    });

    public ValueTask<IReadOnlyList<JobAttempt>> JobAttemptListAsync(Guid id) => Read<IReadOnlyList<JobAttempt>>((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.JobAttemptList);
        cmd.Parameters.AddWithValue("@id", id.ToString());
        var attempts = new List<JobAttempt>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) attempts.Add(JobRows.ReadAttempt(r));
        return attempts;
    });

    private static List<JobInfo> ReadJobs(SqliteCommand cmd)
    {
        var jobs = new List<JobInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) jobs.Add(JobRows.ReadJob(r));
        return jobs;
    }

    /// <summary>job_insert_many.sql prepared once, executed per job (SQLite has no array parameters).</summary>
    private sealed class JobInsert : IDisposable
    {
        private readonly SqliteCommand _cmd;
        private readonly SqliteParameter _id, _task, _queue, _priority, _args, _runAt, _delay, _expiresAt, _expiresIn, _maxAttempts, _backoff,
            _backoffMax, _softLimit, _limit, _retryFor, _uniqueKey, _uniquePeriod, _uniqueStates, _traceParent,
            _contentType, _contentEncoding, _payload, _signature;

        public JobInsert(SqliteConnection c, SqliteTransaction tx, string sql)
        {
            _cmd = Command(c, tx, sql);
            SqliteParameter P(string name, SqliteType type) => _cmd.Parameters.Add(name, type);
            _id = P("@id", SqliteType.Text);
            _task = P("@task", SqliteType.Text);
            _queue = P("@queue", SqliteType.Text);
            _priority = P("@priority", SqliteType.Integer);
            _args = P("@args", SqliteType.Text);
            _runAt = P("@run_at", SqliteType.Text);
            _delay = P("@delay_ms", SqliteType.Integer);
            _expiresAt = P("@expires_at", SqliteType.Text);
            _expiresIn = P("@expires_in_ms", SqliteType.Integer);
            _maxAttempts = P("@max_attempts", SqliteType.Integer);
            _backoff = P("@backoff_ms", SqliteType.Integer);
            _backoffMax = P("@backoff_max_ms", SqliteType.Integer);
            _softLimit = P("@soft_time_limit_ms", SqliteType.Integer);
            _limit = P("@time_limit_ms", SqliteType.Integer);
            _retryFor = P("@retry_for", SqliteType.Text);
            _uniqueKey = P("@unique_key", SqliteType.Text);
            _uniquePeriod = P("@unique_period_ms", SqliteType.Integer);
            _uniqueStates = P("@unique_states", SqliteType.Text);
            _traceParent = P("@trace_parent", SqliteType.Text);
            _contentType = P("@content_type", SqliteType.Text);
            _contentEncoding = P("@content_encoding", SqliteType.Text);
            _payload = P("@payload", SqliteType.Blob);
            _signature = P("@signature", SqliteType.Text);
            _cmd.Prepare();
        }

        /// <summary>Inserts one job; false when its id (or unique key) existed.</summary>
        public bool Execute(NewJob j)
        {
            _id.Value = j.Id.ToString();
            _task.Value = j.Task;
            _queue.Value = j.Queue;
            _priority.Value = j.Priority;
            _args.Value = (object?)j.ArgsColumn ?? DBNull.Value;
            _runAt.Value = SqliteTime.Parameter(j.RunAt);
            _delay.Value = (long)j.Delay.TotalMilliseconds;
            _expiresAt.Value = SqliteTime.Parameter(j.ExpiresAt);
            _expiresIn.Value = j.ExpiresIn is { } e ? (long)e.TotalMilliseconds : DBNull.Value;
            _maxAttempts.Value = j.MaxAttempts;
            _backoff.Value = j.RetryBackoffMs;
            _backoffMax.Value = j.RetryBackoffMaxMs;
            _softLimit.Value = j.SoftTimeLimitMs is { } s ? s : DBNull.Value;
            _limit.Value = j.TimeLimitMs is { } l ? l : DBNull.Value;
            _retryFor.Value = j.RetryFor is { } rf ? JsonArray(rf) : DBNull.Value;
            _uniqueKey.Value = (object?)j.Unique?.Key ?? DBNull.Value;
            _uniquePeriod.Value = j.Unique?.Period is { } p ? (long)p.TotalMilliseconds : DBNull.Value;
            _uniqueStates.Value = j.Unique is { } u ? JsonArray(u.States) : DBNull.Value;
            _traceParent.Value = (object?)j.TraceParent ?? DBNull.Value;
            _contentType.Value = j.ContentType;
            _contentEncoding.Value = (object?)j.ContentEncoding ?? DBNull.Value;
            _payload.Value = (object?)j.Payload ?? DBNull.Value;
            _signature.Value = (object?)j.Signature ?? DBNull.Value;
            return _cmd.ExecuteNonQuery() > 0;
        }

        public void Dispose() => _cmd.Dispose();
    }
}
