using System.Reflection;
using Jobs.Storage;

namespace Jobs.Postgres;

/// <summary>The store's statements (embedded <c>Sql/*.sql</c>) rendered for one schema, with its channel names and lock keys.</summary>
internal sealed class PostgresSql
{
    public PostgresSql(string schema)
    {
        Schema = SchemaName.Validate(schema);
        var quoted = SchemaName.QuoteDouble(Schema);
        string Render(string name, string queueFilter = "queue = any(@queues)", string next = "", string startedAt = "now()") => SqlTemplate.Render(
            Assembly.GetExecutingAssembly(), $"Jobs.Postgres.Sql.{name}.sql",
            new Dictionary<string, string> { ["schema"] = quoted, ["queue_filter"] = queueFilter, ["next"] = next, ["started_at"] = startedAt });
        string Claim(string select, string queueFilter = "queue = any(@queues)", string startedAt = "now()")
            => Render("claim", next: Render(select, queueFilter), startedAt: startedAt);

        Enqueue = Render("enqueue");
        EnqueueCopy = Render("enqueue_copy");
        EnqueueCopyDueNow = Render("enqueue_copy_due_now");
        // One batch, three statements, each on a fresh snapshot (see unique_release.sql).
        EnqueueUnique = Render("unique_release") + ";\n" + Enqueue + "\n" + Render("unique_holder") + ";";
        GetAttempts = Render("get_attempts");
        DbNow = Render("db_now");
        NotifyAvailable = Render("notify_available");
        NotifySend = Render("notify_send");
        ClaimAnyQueue = Claim("claim_select");
        // One queue: plain equality lets the planner walk the claim index in order instead of sorting.
        ClaimOneQueue = Claim("claim_select", "queue = @queue");
        ClaimIds = Claim("claim_select_ids", startedAt: "@started_at::timestamptz");
        NextRun = Render("next_run");
        LimitLock = Render("limit_lock");
        LimitState = Render("limit_state");
        LimitCandidates = Render("limit_candidates");
        LimitTokens = Render("limit_tokens");
        LimitNextRun = Render("limit_next_run");
        LimitSetRate = Render("limit_set_rate");
        LimitClearRate = Render("limit_clear_rate");
        LimitSetConcurrency = Render("limit_set_concurrency");
        LimitClearConcurrency = Render("limit_clear_concurrency");
        LimitDeclare = Render("limit_declare");
        LimitList = Render("limit_list");
        LimitWaiting = Render("limit_waiting");
        Finish = Render("finish");
        ExtendLeases = Render("extend_leases");
        Release = Render("release");
        Rescue = Render("rescue");
        Prune = Render("prune");
        GetJobs = Render("get_jobs");
        ListJobs = Render("list_jobs");
        QueueStats = Render("queue_stats");
        Retry = Render("retry");
        Revoke = Render("revoke");
        PurgeWaiting = Render("purge_waiting");
        PurgeFinished = Render("purge_finished");
        ScheduleUpsert = Render("schedule_upsert");
        ScheduleDue = Render("schedule_due");
        ScheduleAdvance = Render("schedule_advance");
        ScheduleNextDue = Render("schedule_next_due");
        ScheduleList = Render("schedule_list");
        ScheduleRemove = Render("schedule_remove");
        ScheduleEnable = Render("schedule_enable");
        WorkflowInsert = Render("workflow_insert");
        WorkflowGroupsInsert = Render("workflow_groups_insert");
        WorkflowSucceeded = Render("workflow_succeeded");
        WorkflowReleaseGroups = Render("workflow_release_groups");
        WorkflowFailed = Render("workflow_failed");
        WorkflowStranded = Render("workflow_stranded");
        WorkflowRevoke = Render("workflow_revoke");
        PruneGroups = Render("prune_groups");
        AvailableChannel = Schema + ".jobs_available";
        FinishedChannel = Schema + ".jobs_finished";
        RescuerLockKey = LockKey.For("jobs.rescuer:" + Schema);
    }

    public string Schema { get; }
    public string Enqueue { get; }
    public string EnqueueCopy { get; }
    public string EnqueueCopyDueNow { get; }
    public string EnqueueUnique { get; }
    public string GetAttempts { get; }
    public string DbNow { get; }
    public string NotifyAvailable { get; }
    public string NotifySend { get; }
    public string ClaimAnyQueue { get; }
    public string ClaimOneQueue { get; }
    public string ClaimIds { get; }
    public string NextRun { get; }
    public string LimitLock { get; }
    public string LimitState { get; }
    public string LimitCandidates { get; }
    public string LimitTokens { get; }
    public string LimitNextRun { get; }
    public string LimitSetRate { get; }
    public string LimitClearRate { get; }
    public string LimitSetConcurrency { get; }
    public string LimitClearConcurrency { get; }
    public string LimitDeclare { get; }
    public string LimitList { get; }
    public string LimitWaiting { get; }
    public string Finish { get; }
    public string ExtendLeases { get; }
    public string Release { get; }
    public string Rescue { get; }
    public string Prune { get; }
    public string GetJobs { get; }
    public string ListJobs { get; }
    public string QueueStats { get; }
    public string Retry { get; }
    public string Revoke { get; }
    public string PurgeWaiting { get; }
    public string PurgeFinished { get; }
    public string ScheduleUpsert { get; }
    public string ScheduleDue { get; }
    public string ScheduleAdvance { get; }
    public string ScheduleNextDue { get; }
    public string ScheduleList { get; }
    public string ScheduleRemove { get; }
    public string ScheduleEnable { get; }
    public string WorkflowInsert { get; }
    public string WorkflowGroupsInsert { get; }
    public string WorkflowSucceeded { get; }
    public string WorkflowReleaseGroups { get; }
    public string WorkflowFailed { get; }
    public string WorkflowStranded { get; }
    public string WorkflowRevoke { get; }
    public string PruneGroups { get; }
    public string AvailableChannel { get; }
    public string FinishedChannel { get; }
    public long RescuerLockKey { get; }
}
