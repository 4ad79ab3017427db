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
        string Render(string name, string queueFilter = "queue = any(@queues)") => SqlTemplate.Render(
            Assembly.GetExecutingAssembly(), $"Jobs.Postgres.Sql.{name}.sql",
            new Dictionary<string, string> { ["schema"] = quoted, ["queue_filter"] = queueFilter });

        Enqueue = Render("enqueue");
        EnqueueCopy = Render("enqueue_copy");
        DbNow = Render("db_now");
        NotifyAvailable = Render("notify_available");
        ClaimAnyQueue = Render("claim");
        // One queue: plain equality lets the planner walk the claim index in order instead of sorting.
        ClaimOneQueue = Render("claim", "queue = @queue");
        NextRun = Render("next_run");
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
        AvailableChannel = Schema + ".jobs_available";
        FinishedChannel = Schema + ".jobs_finished";
        RescuerLockKey = LockKey.For("jobs.rescuer:" + Schema);
    }

    public string Schema { get; }
    public string Enqueue { get; }
    public string EnqueueCopy { get; }
    public string DbNow { get; }
    public string NotifyAvailable { get; }
    public string ClaimAnyQueue { get; }
    public string ClaimOneQueue { get; }
    public string NextRun { get; }
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
    public string AvailableChannel { get; }
    public string FinishedChannel { get; }
    public long RescuerLockKey { get; }
}
