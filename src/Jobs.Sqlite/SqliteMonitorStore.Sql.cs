namespace Jobs.Sqlite;

internal sealed partial class SqliteMonitorStore
{
    /// <summary>The monitor store's statements (embedded <c>Sql/monitor_*.sql</c>, with the store's time tokens).</summary>
    private sealed class Statements
    {
        public string Register { get; } = SqliteSql.Render("monitor_register");
        public string Heartbeat { get; } = SqliteSql.Render("monitor_heartbeat");
        public string Stop { get; } = SqliteSql.Render("monitor_stop");
        public string Sweep { get; } = SqliteSql.Render("monitor_sweep");
        public string ListWorkers { get; } = SqliteSql.Render("monitor_list_workers");
        public string InsertEvent { get; } = SqliteSql.Render("monitor_insert_event");
        public string ReadEvents { get; } = SqliteSql.Render("monitor_read_events");
        public string LastEventId { get; } = SqliteSql.Render("monitor_last_event_id");
        public string PruneEvents { get; } = SqliteSql.Render("monitor_prune_events");
        public string ControlSend { get; } = SqliteSql.Render("monitor_control_send");
        public string ControlRead { get; } = SqliteSql.Render("monitor_control_read");
        public string ControlLastId { get; } = SqliteSql.Render("monitor_control_last_id");
        public string ControlReply { get; } = SqliteSql.Render("monitor_control_reply");
        public string ControlReplies { get; } = SqliteSql.Render("monitor_control_replies");
        public string ControlPrune { get; } = SqliteSql.Render("monitor_control_prune");
        public string ReportThroughput { get; } = SqliteSql.Render("monitor_report_throughput");
        public string ReportRuntime { get; } = SqliteSql.Render("monitor_report_runtime");
        public string ReportRuntimeAll { get; } = SqliteSql.Render("monitor_report_runtime_all");
        public string ReportQueues { get; } = SqliteSql.Render("monitor_report_queues");
        public string DbNow { get; } = SqliteSql.Render("clock_now");
    }
}
