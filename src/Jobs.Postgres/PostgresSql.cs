using System.Reflection;
using Jobs.Storage;

namespace Jobs.Postgres;

/// <summary>
/// The store's statements (embedded <c>Sql/*.sql</c>, one file per statement, named as the executor's methods:
/// <c>job_finish_many.sql</c> ⇔ <c>JobFinishManyAsync</c>) rendered for one schema, with its channel names and lock keys.
/// </summary>
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
            => Render("job_claim_many", next: Render(select, queueFilter), startedAt: startedAt);

        ClockNow = Render("clock_now");
        SignalSend = Render("signal_send");
        JobInsertMany = Render("job_insert_many");
        JobCopyMany = Render("job_insert_many.copy");
        JobCopyManyDueNow = Render("job_insert_many.copy_due_now");
        JobCopyManyEnvelope = Render("job_insert_many.copy_envelope");
        JobCopyManyQuiet = Render("job_insert_many.quiet");
        // One batch, three statements, each on a fresh snapshot (see job_job_insert_unique.release.sql).
        JobInsertUnique = Render("job_insert_unique.release") + ";\n" + JobInsertMany + "\n" + Render("job_insert_unique.holder") + ";";
        JobClaimMany = Claim("job_claim_many.select");
        // One queue: plain equality lets the planner walk the claim index in order instead of sorting.
        JobClaimManyOneQueue = Claim("job_claim_many.select", "queue = @queue");
        JobClaimByIdMany = Claim("job_claim_by_id_many", startedAt: "@started_at::timestamptz");
        JobNextRunDelay = Render("job_next_run_delay");
        JobFinishMany = Render("job_finish_many");
        JobLeaseExtendMany = Render("job_lease_extend_many");
        JobReleaseMany = Render("job_release_many");
        JobRescueMany = Render("job_rescue_many");
        JobPruneMany = Render("job_prune_many");
        JobGetMany = Render("job_get_many");
        JobAttemptList = Render("job_attempt_list");
        JobList = Render("job_list");
        JobCountByQueue = Render("job_count_by_queue");
        JobRetryMany = Render("job_retry_many");
        JobRevokeMany = Render("job_revoke_many");
        JobDeleteMany = Render("job_delete_many");
        JobRelativeList = Render("job_relative_list");
        JobDeleteWaiting = Render("job_delete_waiting");
        JobDeleteFinished = Render("job_delete_finished");
        LimitLock = Render("limit_state_list.lock");
        LimitStateList = Render("limit_state_list");
        LimitCandidateList = Render("limit_candidate_list");
        LimitTokenSetMany = Render("limit_token_set_many");
        LimitNextRunDelay = Render("limit_next_run_delay");
        LimitWaitingExists = Render("limit_waiting_exists");
        LimitRateSet = Render("limit_rate_set");
        LimitRateClear = Render("limit_rate_clear");
        LimitConcurrencySet = Render("limit_concurrency_set");
        LimitConcurrencyClear = Render("limit_concurrency_clear");
        LimitDeclareMany = Render("limit_declare_many");
        LimitList = Render("limit_list");
        QueuePause = Render("queue_pause");
        QueueResume = Render("queue_resume");
        QueueList = Render("queue_list");
        ScheduleUpsertMany = Render("schedule_upsert_many");
        ScheduleDueList = Render("schedule_due_list");
        ScheduleAdvanceMany = Render("schedule_advance_many");
        ScheduleNextDueDelay = Render("schedule_next_due_delay");
        ScheduleList = Render("schedule_list");
        ScheduleDelete = Render("schedule_delete");
        ScheduleEnabledSet = Render("schedule_enabled_set");
        WorkflowInsert = Render("workflow_insert");
        WorkflowGroupInsertMany = Render("workflow_insert.groups");
        WorkflowSucceededMany = Render("workflow_succeeded_many");
        WorkflowGroupReleaseMany = Render("workflow_group_release_many");
        WorkflowFailedMany = Render("workflow_failed_many");
        WorkflowStrandedList = Render("workflow_stranded_list");
        WorkflowRevoke = Render("workflow_revoke");
        WorkflowGroupPruneMany = Render("workflow_group_prune_many");
        WorkerRegister = Render("worker_register");
        WorkerHeartbeat = Render("worker_heartbeat");
        WorkerStop = Render("worker_stop");
        WorkerSweep = Render("worker_sweep");
        WorkerList = Render("worker_list");
        EventInsertMany = Render("event_insert_many");
        EventList = Render("event_list");
        EventLastId = Render("event_last_id");
        EventPrune = Render("event_prune");
        ControlSend = Render("control_send");
        ControlList = Render("control_list");
        ControlLastId = Render("control_last_id");
        ControlReplyInsert = Render("control_reply_insert");
        ControlReplyList = Render("control_reply_list");
        ControlPrune = Render("control_prune");
        ReportThroughputList = Render("report_throughput_list");
        ReportThroughputListAll = Render("report_throughput_list.all");
        ReportRuntimeList = Render("report_runtime_list");
        ReportRuntimeListAll = Render("report_runtime_list.all");
        ReportQueueList = Render("report_queue_list");
        AvailableChannel = Schema + ".jobs_available";
        FinishedChannel = Schema + ".jobs_finished";
        ControlChannel = Schema + ".jobs_control";
        EventsChannel = Schema + ".jobs_events";
        RescuerLockKey = LockKey.For("jobs.rescuer:" + Schema);
        EventsLockKey = LockKey.For("jobs.events:" + Schema);
        ControlLockKey = LockKey.For("jobs.control:" + Schema);
    }

    public string Schema { get; }
    public string ClockNow { get; }
    public string SignalSend { get; }
    public string JobInsertMany { get; }
    public string JobCopyMany { get; }
    public string JobCopyManyDueNow { get; }
    public string JobCopyManyEnvelope { get; }
    public string JobCopyManyQuiet { get; }
    public string JobInsertUnique { get; }
    public string JobClaimMany { get; }
    public string JobClaimManyOneQueue { get; }
    public string JobClaimByIdMany { get; }
    public string JobNextRunDelay { get; }
    public string JobFinishMany { get; }
    public string JobLeaseExtendMany { get; }
    public string JobReleaseMany { get; }
    public string JobRescueMany { get; }
    public string JobPruneMany { get; }
    public string JobGetMany { get; }
    public string JobAttemptList { get; }
    public string JobList { get; }
    public string JobCountByQueue { get; }
    public string JobRetryMany { get; }
    public string JobRevokeMany { get; }
    public string JobDeleteMany { get; }
    public string JobRelativeList { get; }
    public string JobDeleteWaiting { get; }
    public string JobDeleteFinished { get; }
    public string LimitLock { get; }
    public string LimitStateList { get; }
    public string LimitCandidateList { get; }
    public string LimitTokenSetMany { get; }
    public string LimitNextRunDelay { get; }
    public string LimitWaitingExists { get; }
    public string LimitRateSet { get; }
    public string LimitRateClear { get; }
    public string LimitConcurrencySet { get; }
    public string LimitConcurrencyClear { get; }
    public string LimitDeclareMany { get; }
    public string LimitList { get; }
    public string QueuePause { get; }
    public string QueueResume { get; }
    public string QueueList { get; }
    public string ScheduleUpsertMany { get; }
    public string ScheduleDueList { get; }
    public string ScheduleAdvanceMany { get; }
    public string ScheduleNextDueDelay { get; }
    public string ScheduleList { get; }
    public string ScheduleDelete { get; }
    public string ScheduleEnabledSet { get; }
    public string WorkflowInsert { get; }
    public string WorkflowGroupInsertMany { get; }
    public string WorkflowSucceededMany { get; }
    public string WorkflowGroupReleaseMany { get; }
    public string WorkflowFailedMany { get; }
    public string WorkflowStrandedList { get; }
    public string WorkflowRevoke { get; }
    public string WorkflowGroupPruneMany { get; }
    public string WorkerRegister { get; }
    public string WorkerHeartbeat { get; }
    public string WorkerStop { get; }
    public string WorkerSweep { get; }
    public string WorkerList { get; }
    public string EventInsertMany { get; }
    public string EventList { get; }
    public string EventLastId { get; }
    public string EventPrune { get; }
    public string ControlSend { get; }
    public string ControlList { get; }
    public string ControlLastId { get; }
    public string ControlReplyInsert { get; }
    public string ControlReplyList { get; }
    public string ControlPrune { get; }
    public string ReportThroughputList { get; }
    public string ReportThroughputListAll { get; }
    public string ReportRuntimeList { get; }
    public string ReportRuntimeListAll { get; }
    public string ReportQueueList { get; }
    public string AvailableChannel { get; }
    public string FinishedChannel { get; }
    public string ControlChannel { get; }
    public string EventsChannel { get; }
    public long RescuerLockKey { get; }
    public long EventsLockKey { get; }
    public long ControlLockKey { get; }
}
