using System.Data.Common;

namespace Jobs.Storage;

/// <summary>
/// Reads the rows every store returns in the same column order (see each store's get_jobs.sql and claim.sql), so
/// the mapping from columns to <see cref="JobInfo"/> and <see cref="ClaimedJob"/> exists once.
/// </summary>
internal static class JobRows
{
    /// <summary>
    /// id, task, queue, priority, state, args, result, error, traceback, attempt, max_attempts, run_at, expires_at,
    /// lease_until, worker, created_at, started_at, finished_at, terminate, trace_parent, and optionally parent_id,
    /// parent_group_id, root_id, group_id.
    /// </summary>
    public static JobInfo ReadJob(DbDataReader r) => new JobInfo
    {
        Id = r.GetGuid(0),
        Task = r.GetString(1),
        Queue = r.GetString(2),
        Priority = r.GetInt16(3),
        State = r.GetString(4),
        Args = r.IsDBNull(5) ? "null" : r.GetString(5),
        Result = r.IsDBNull(6) ? null : r.GetString(6),
        Error = r.IsDBNull(7) ? null : r.GetString(7),
        Traceback = r.IsDBNull(8) ? null : r.GetString(8),
        Attempt = r.GetInt32(9),
        MaxAttempts = r.GetInt32(10),
        RunAt = r.GetFieldValue<DateTimeOffset>(11),
        ExpiresAt = Time(r, 12),
        LeaseUntil = Time(r, 13),
        Worker = r.IsDBNull(14) ? null : r.GetString(14),
        CreatedAt = r.GetFieldValue<DateTimeOffset>(15),
        StartedAt = Time(r, 16),
        FinishedAt = Time(r, 17),
        TerminateRequested = r.GetBoolean(18),
        TraceParent = r.FieldCount > 19 && !r.IsDBNull(19) ? r.GetString(19) : null,
        ParentId = OptionalGuid(r, 20),
        ParentGroupId = OptionalGuid(r, 21),
        RootId = OptionalGuid(r, 22),
        GroupId = OptionalGuid(r, 23),
    }.WithEnvelope(r);

    /// <summary>The envelope columns when the statement returns them (by name: content_type, content_encoding, payload, signature, result_payload, result_signature).</summary>
    private static JobInfo WithEnvelope(this JobInfo job, DbDataReader r)
    {
        var type = Ordinal(r, "content_type");
        if (type < 0) return job;
        var encoding = Ordinal(r, "content_encoding");
        var payload = Ordinal(r, "payload");
        var signature = Ordinal(r, "signature");
        var resultPayload = Ordinal(r, "result_payload");
        var resultSignature = Ordinal(r, "result_signature");
        return job with
        {
            ContentType = r.IsDBNull(type) ? Payloads.ContentTypes.Json : r.GetString(type),
            ContentEncoding = Text(r, encoding),
            Payload = Bytes(r, payload),
            Signature = Text(r, signature),
            ResultPayload = Bytes(r, resultPayload),
            ResultSignature = Text(r, resultSignature),
        };
    }

    private static int Ordinal(DbDataReader r, string name)
    {
        for (var i = r.FieldCount - 1; i >= 0; i--) if (string.Equals(r.GetName(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static string? Text(DbDataReader r, int i) => i >= 0 && !r.IsDBNull(i) ? r.GetString(i) : null;
    private static byte[]? Bytes(DbDataReader r, int i) => i >= 0 && !r.IsDBNull(i) ? (byte[])r.GetValue(i) : null;

    private static Guid? OptionalGuid(DbDataReader r, int i) => r.FieldCount > i && !r.IsDBNull(i) ? r.GetGuid(i) : null;

    /// <summary>id, task, queue, priority, args, attempt, max_attempts, retry_backoff_ms, retry_backoff_max_ms, expired, run_at (unread), soft_time_limit_ms, time_limit_ms, retry_for (JSON array text), standalone, trace_parent, content_type, content_encoding, payload, signature, workflow_input.</summary>
    public static ClaimedJob ReadClaimed(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Task = r.GetString(1),
        Queue = r.GetString(2),
        Priority = r.GetInt16(3),
        ArgsJson = r.IsDBNull(4) ? null : r.GetString(4),
        Attempt = r.GetInt32(5),
        MaxAttempts = r.GetInt32(6),
        RetryBackoffMs = r.GetInt32(7),
        RetryBackoffMaxMs = r.GetInt32(8),
        Expired = r.GetBoolean(9),
        SoftTimeLimitMs = r.IsDBNull(11) ? null : r.GetInt32(11),
        TimeLimitMs = r.IsDBNull(12) ? null : r.GetInt32(12),
        RetryFor = r.FieldCount > 13 && !r.IsDBNull(13) ? System.Text.Json.JsonSerializer.Deserialize<string[]>(r.GetString(13)) : null,
        Standalone = r.FieldCount > 14 && r.GetBoolean(14),
        TraceParent = r.FieldCount > 15 && !r.IsDBNull(15) ? r.GetString(15) : null,
        ContentType = r.FieldCount > 16 && !r.IsDBNull(16) ? r.GetString(16) : Payloads.ContentTypes.Json,
        ContentEncoding = Text(r, r.FieldCount > 17 ? 17 : -1),
        Payload = Bytes(r, r.FieldCount > 18 ? 18 : -1),
        Signature = Text(r, r.FieldCount > 19 ? 19 : -1),
        WorkflowInput = Text(r, r.FieldCount > 20 ? 20 : -1),
    };

    /// <summary>attempt, state, error, traceback, worker, started_at, finished_at (each store's get_attempts.sql).</summary>
    public static JobAttempt ReadAttempt(DbDataReader r) => new()
    {
        Attempt = r.GetInt32(0),
        State = r.GetString(1),
        Error = r.IsDBNull(2) ? null : r.GetString(2),
        Traceback = r.IsDBNull(3) ? null : r.GetString(3),
        Worker = r.IsDBNull(4) ? null : r.GetString(4),
        StartedAt = Time(r, 5),
        FinishedAt = r.GetFieldValue<DateTimeOffset>(6),
    };

    /// <summary>scope, name, rate, burst, tokens, max_running, running, declared (each store's limit_list.sql).</summary>
    public static JobLimit ReadLimit(DbDataReader r) => new()
    {
        Scope = LimitScopeText.Parse(r.GetString(0)),
        Name = r.GetString(1),
        Rate = r.IsDBNull(2) ? null : r.GetString(2),
        Burst = r.IsDBNull(3) ? null : r.GetDouble(3),
        Tokens = r.IsDBNull(2) ? null : r.GetDouble(4),
        MaxRunning = r.IsDBNull(5) ? null : r.GetInt32(5),
        Running = r.GetInt64(6),
        Declared = r.IsDBNull(7) ? null : r.GetString(7),
    };

    private static DateTimeOffset? Time(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<DateTimeOffset>(ordinal);
}
