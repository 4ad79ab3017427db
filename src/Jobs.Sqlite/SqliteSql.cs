using System.Reflection;
using System.Text.RegularExpressions;
using Jobs.Storage;

namespace Jobs.Sqlite;

/// <summary>
/// The store's statements (embedded <c>Sql/*.sql</c>). Two tokens keep the time arithmetic readable:
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
    public string Enqueue { get; } = Render("enqueue");
    public string UniqueRelease { get; } = Render("unique_release");
    public string UniqueHolder { get; } = Render("unique_holder");
    public string GetAttempts { get; } = Render("get_attempts");
    public string Claim { get; } = Render("claim", "claim_select");
    public string ClaimIds { get; } = Render("claim", "claim_select_ids");
    public string NextRun { get; } = Render("next_run");
    public string LimitState { get; } = Render("limit_state");
    public string LimitCandidates { get; } = Render("limit_candidates");
    public string LimitTokens { get; } = Render("limit_tokens");
    public string LimitNextRun { get; } = Render("limit_next_run");
    public string LimitSetRate { get; } = Render("limit_set_rate");
    public string LimitClearRate { get; } = Render("limit_clear_rate");
    public string LimitSetConcurrency { get; } = Render("limit_set_concurrency");
    public string LimitClearConcurrency { get; } = Render("limit_clear_concurrency");
    public string LimitDeclare { get; } = Render("limit_declare");
    public string LimitList { get; } = Render("limit_list");
    public string LimitWaiting { get; } = Render("limit_waiting");
    public string Finish { get; } = Render("finish");
    public string FinishHistory { get; } = Render("finish_history");
    public string ExtendLease { get; } = Render("extend_lease");
    public string Release { get; } = Render("release");
    public string Rescue { get; } = Render("rescue");
    public string Prune { get; } = Render("prune");
    public string GetJobs { get; } = Render("get_jobs");
    public string ListJobs { get; } = Render("list_jobs");
    public string QueueStats { get; } = Render("queue_stats");
    public string Retry { get; } = Render("retry");
    public string Revoke { get; } = Render("revoke");
    public string PurgeWaiting { get; } = Render("purge_waiting");
    public string PurgeFinished { get; } = Render("purge_finished");
    public string WorkflowInsert { get; } = Render("workflow_insert");
    public string WorkflowGroupInsert { get; } = Render("workflow_group_insert");
    public string WorkflowReleaseChildren { get; } = Render("workflow_release_children");
    public string WorkflowSkipErrbacks { get; } = Render("workflow_skip_errbacks");
    public string WorkflowCountGroups { get; } = Render("workflow_count_groups");
    public string WorkflowReleaseGroups { get; } = Render("workflow_release_groups");
    public string WorkflowReleaseErrbacks { get; } = Render("workflow_release_errbacks");
    public string WorkflowFailChildren { get; } = Render("workflow_fail_children");
    public string WorkflowFailChords { get; } = Render("workflow_fail_chords");
    public string WorkflowStranded { get; } = Render("workflow_stranded");
    public string WorkflowRevoke { get; } = Render("workflow_revoke");
    public string PruneGroups { get; } = Render("prune_groups");
    public string DataVersion { get; } = Render("data_version");
    public string DbNow { get; } = Render("db_now");
    public string ScheduleUpsert { get; } = Render("schedule_upsert");
    public string ScheduleDue { get; } = Render("schedule_due");
    public string ScheduleAdvance { get; } = Render("schedule_advance");
    public string ScheduleNextDue { get; } = Render("schedule_next_due");
    public string ScheduleList { get; } = Render("schedule_list");
    public string ScheduleRemove { get; } = Render("schedule_remove");
    public string ScheduleEnable { get; } = Render("schedule_enable");

    /// <summary>Loads <paramref name="name"/>.sql; <paramref name="next"/> names the file that fills its <c>{next}</c> (the claim's row selection).</summary>
    internal static string Render(string name, string? next = null)
    {
        var sql = SqlTemplate.Load(Assembly.GetExecutingAssembly(), $"Jobs.Sqlite.Sql.{name}.sql");
        if (next is not null) sql = sql.Replace("{next}", SqlTemplate.Load(Assembly.GetExecutingAssembly(), $"Jobs.Sqlite.Sql.{next}.sql"), StringComparison.Ordinal);
        sql = NowPlus().Replace(sql, m => $"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (({m.Groups[1].Value}) / 1000.0) || ' seconds')");
        return sql.Replace("{now}", Now, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{now_plus:(-?@\w+)\}")]
    private static partial Regex NowPlus();
}
