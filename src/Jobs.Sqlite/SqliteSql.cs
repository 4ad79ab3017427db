using System.Reflection;
using System.Text.RegularExpressions;
using Jobs.Storage;

namespace Jobs.Sqlite;

/// <summary>
/// The store's statements (embedded <c>Sql/*.sql</c>, one file per statement, named as the executor's methods;
/// <c>name.part.sql</c> is one of several statements a method runs). Two tokens keep the time arithmetic readable:
/// <c>{now}</c> is the database clock as ISO 8601 UTC text and <c>{now_plus:@ms}</c> is now plus a parameter's milliseconds.
/// </summary>
internal sealed partial class SqliteSql
{
    private const string Now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

    public SqliteSql(TimeSpan busyTimeout)
    {
        ConnectionSetup = Render("connection_setup").Replace("{busy_timeout_ms}", ((long)busyTimeout.TotalMilliseconds).ToString(), StringComparison.Ordinal);
    }

    public string ConnectionSetup { get; }
    public string DataVersion { get; } = Render("data_version");
    public string ClockNow { get; } = Render("clock_now");
    public string JobInsertMany { get; } = Render("job_insert_many");
    public string JobInsertUniqueRelease { get; } = Render("job_insert_unique.release");
    public string JobInsertUniqueHolder { get; } = Render("job_insert_unique.holder");
    public string JobClaimMany { get; } = Render("job_claim_many", "job_claim_many.select");
    // The limited claim starts its jobs at the clock its buckets were computed for, so rate accounting and started_at agree.
    public string JobClaimByIdMany { get; } = Render("job_claim_many", "job_claim_by_id_many", startedAt: "@started_at");
    public string JobNextRunDelay { get; } = Render("job_next_run_delay");
    public string JobFinishMany { get; } = Render("job_finish_many");
    public string JobFinishManyHistory { get; } = Render("job_finish_many.history");
    public string JobLeaseExtendMany { get; } = Render("job_lease_extend_many");
    public string JobReleaseMany { get; } = Render("job_release_many");
    public string JobRescueMany { get; } = Render("job_rescue_many");
    public string JobPruneMany { get; } = Render("job_prune_many");
    public string JobGetMany { get; } = Render("job_get_many");
    public string JobAttemptList { get; } = Render("job_attempt_list");
    public string JobList { get; } = Render("job_list").Replace("{failed}", "", StringComparison.Ordinal);
    public string JobListFailed { get; } = Render("job_list").Replace("{failed}", Render("job_list.failed").Trim(), StringComparison.Ordinal);
    public string JobCountByQueue { get; } = Render("job_count_by_queue");
    public string JobRetryMany { get; } = Render("job_retry_many");
    public string JobRevokeMany { get; } = Render("job_revoke_many");
    public string JobDeleteMany { get; } = Render("job_delete_many");
    public string JobRelativeList { get; } = Render("job_relative_list");
    public string JobDeleteWaiting { get; } = Render("job_delete_waiting");
    public string JobDeleteFinished { get; } = Render("job_delete_finished");
    public string LimitStateList { get; } = Render("limit_state_list");
    public string LimitCandidateList { get; } = Render("limit_candidate_list");
    public string LimitTokenSetMany { get; } = Render("limit_token_set_many");
    public string LimitNextRunDelay { get; } = Render("limit_next_run_delay");
    public string LimitWaitingExists { get; } = Render("limit_waiting_exists");
    public string LimitRateSet { get; } = Render("limit_rate_set");
    public string LimitRateClear { get; } = Render("limit_rate_clear");
    public string LimitConcurrencySet { get; } = Render("limit_concurrency_set");
    public string LimitConcurrencyClear { get; } = Render("limit_concurrency_clear");
    public string LimitDeclareMany { get; } = Render("limit_declare_many");
    public string LimitList { get; } = Render("limit_list");
    public string QueuePause { get; } = Render("queue_pause");
    public string QueueResume { get; } = Render("queue_resume");
    public string WorkerRegister { get; } = Render("worker_register");
    public string WorkerHeartbeat { get; } = Render("worker_heartbeat");
    public string WorkerStop { get; } = Render("worker_stop");
    public string WorkerSweep { get; } = Render("worker_sweep");
    public string WorkerList { get; } = Render("worker_list");
    public string EventInsertMany { get; } = Render("event_insert_many");
    public string EventList { get; } = Render("event_list");
    public string EventLastId { get; } = Render("event_last_id");
    public string EventPrune { get; } = Render("event_prune");
    public string ControlSend { get; } = Render("control_send");
    public string ControlList { get; } = Render("control_list");
    public string ControlLastId { get; } = Render("control_last_id");
    public string ControlReplyInsert { get; } = Render("control_reply_insert");
    public string ControlReplyList { get; } = Render("control_reply_list");
    public string ControlPrune { get; } = Render("control_prune");
    public string ReportThroughputList { get; } = Render("report_throughput_list");
    public string ReportThroughputListAll { get; } = Render("report_throughput_list.all");
    public string ReportRuntimeList { get; } = Render("report_runtime_list");
    public string ReportRuntimeListAll { get; } = Render("report_runtime_list.all");
    public string ReportQueueList { get; } = Render("report_queue_list");
    public string QueueList { get; } = Render("queue_list");
    public string ScheduleUpsertMany { get; } = Render("schedule_upsert_many");
    public string ScheduleDueList { get; } = Render("schedule_due_list");
    public string ScheduleAdvanceMany { get; } = Render("schedule_advance_many");
    public string ScheduleNextDueDelay { get; } = Render("schedule_next_due_delay");
    public string ScheduleList { get; } = Render("schedule_list");
    public string ScheduleDelete { get; } = Render("schedule_delete");
    public string ScheduleEnabledSet { get; } = Render("schedule_enabled_set");
    public string WorkflowInsert { get; } = Render("workflow_insert");
    public string WorkflowGroupInsertMany { get; } = Render("workflow_insert.groups");
    public string WorkflowSucceededManyReleaseChildren { get; } = Render("workflow_succeeded_many.release_children");
    public string WorkflowSucceededManySkipErrbacks { get; } = Render("workflow_succeeded_many.skip_errbacks");
    public string WorkflowSucceededManyCountGroups { get; } = Render("workflow_succeeded_many.count_groups");
    public string WorkflowGroupReleaseMany { get; } = Render("workflow_group_release_many");
    public string WorkflowFailedManyReleaseErrbacks { get; } = Render("workflow_failed_many.release_errbacks");
    public string WorkflowFailedManyFailChildren { get; } = Render("workflow_failed_many.fail_children");
    public string WorkflowFailedManyFailChords { get; } = Render("workflow_failed_many.fail_chords");
    public string WorkflowStrandedList { get; } = Render("workflow_stranded_list");
    public string WorkflowRevoke { get; } = Render("workflow_revoke");
    public string WorkflowGroupPruneMany { get; } = Render("workflow_group_prune_many");

    /// <summary>Loads <paramref name="name"/>.sql; <paramref name="next"/> names the file that fills its <c>{next}</c> (the claim's row selection).</summary>
    internal static string Render(string name, string? next = null, string startedAt = "{now}")
    {
        var sql = SqlTemplate.Load(Assembly.GetExecutingAssembly(), $"Jobs.Sqlite.Sql.{name}.sql");
        if (next is not null) sql = sql.Replace("{next}", SqlTemplate.Load(Assembly.GetExecutingAssembly(), $"Jobs.Sqlite.Sql.{next}.sql"), StringComparison.Ordinal);
        sql = sql.Replace("{started_at}", startedAt, StringComparison.Ordinal);
        sql = NowPlus().Replace(sql, m => $"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (({m.Groups[1].Value}) / 1000.0) || ' seconds')");
        return sql.Replace("{now}", Now, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{now_plus:(-?@\w+)\}")]
    private static partial Regex NowPlus();
}
