using System.Reflection;
using Jobs.Storage;

namespace Jobs.Postgres;

internal sealed partial class PostgresMonitorStore
{
    /// <summary>The monitor store's statements (embedded <c>Sql/monitor_*.sql</c>) rendered for one schema, with its channels and lock keys.</summary>
    private sealed class Statements
    {
        public Statements(string schema)
        {
            Schema = SchemaName.Validate(schema);
            var quoted = SchemaName.QuoteDouble(Schema);
            string Render(string name) => SqlTemplate.Render(Assembly.GetExecutingAssembly(), $"Jobs.Postgres.Sql.{name}.sql",
                new Dictionary<string, string> { ["schema"] = quoted });
            DbNow = Render("clock_now");
            Register = Render("monitor_register");
            Heartbeat = Render("monitor_heartbeat");
            Stop = Render("monitor_stop");
            Sweep = Render("monitor_sweep");
            ListWorkers = Render("monitor_list_workers");
            InsertEvents = Render("monitor_insert_events");
            Notify = Render("monitor_notify");
            ReadEvents = Render("monitor_read_events");
            LastEventId = Render("monitor_last_event_id");
            PruneEvents = Render("monitor_prune_events");
            ControlSend = Render("monitor_control_send");
            ControlRead = Render("monitor_control_read");
            ControlLastId = Render("monitor_control_last_id");
            ControlReply = Render("monitor_control_reply");
            ControlReplies = Render("monitor_control_replies");
            ControlPrune = Render("monitor_control_prune");
            ReportThroughput = Render("monitor_report_throughput");
            ReportRuntime = Render("monitor_report_runtime");
            ReportRuntimeAll = Render("monitor_report_runtime_all");
            ReportQueues = Render("monitor_report_queues");
            ControlChannel = Schema + ".jobs_control";
            EventsChannel = Schema + ".jobs_events";
            EventsLockKey = LockKey.For("jobs.events:" + Schema);
            ControlLockKey = LockKey.For("jobs.control:" + Schema);
        }

        public string Schema { get; }
        public string DbNow { get; }
        public string Register { get; }
        public string Heartbeat { get; }
        public string Stop { get; }
        public string Sweep { get; }
        public string ListWorkers { get; }
        public string InsertEvents { get; }
        public string Notify { get; }
        public string ReadEvents { get; }
        public string LastEventId { get; }
        public string PruneEvents { get; }
        public string ControlSend { get; }
        public string ControlRead { get; }
        public string ControlLastId { get; }
        public string ControlReply { get; }
        public string ControlReplies { get; }
        public string ControlPrune { get; }
        public string ReportThroughput { get; }
        public string ReportRuntime { get; }
        public string ReportRuntimeAll { get; }
        public string ReportQueues { get; }
        public string ControlChannel { get; }
        public string EventsChannel { get; }
        public long EventsLockKey { get; }
        public long ControlLockKey { get; }
    }
}
