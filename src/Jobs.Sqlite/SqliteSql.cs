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
    public string Claim { get; } = Render("claim");
    public string NextRun { get; } = Render("next_run");
    public string Finish { get; } = Render("finish");
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
    public string DataVersion { get; } = Render("data_version");
    public string DbNow { get; } = Render("db_now");
    public string ScheduleUpsert { get; } = Render("schedule_upsert");
    public string ScheduleDue { get; } = Render("schedule_due");
    public string ScheduleAdvance { get; } = Render("schedule_advance");
    public string ScheduleNextDue { get; } = Render("schedule_next_due");
    public string ScheduleList { get; } = Render("schedule_list");
    public string ScheduleRemove { get; } = Render("schedule_remove");
    public string ScheduleEnable { get; } = Render("schedule_enable");

    private static string Render(string name)
    {
        var sql = SqlTemplate.Load(Assembly.GetExecutingAssembly(), $"Jobs.Sqlite.Sql.{name}.sql");
        sql = NowPlus().Replace(sql, m => $"strftime('%Y-%m-%dT%H:%M:%fZ', 'now', (({m.Groups[1].Value}) / 1000.0) || ' seconds')");
        return sql.Replace("{now}", Now, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{now_plus:(-?@\w+)\}")]
    private static partial Regex NowPlus();
}
