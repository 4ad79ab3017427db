using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// Monitoring: the worker table (registrations and heartbeats) with its worker_status view, the event table, the
/// control and control_reply tables (remote control), and the reporting views report_throughput, report_runtime and
/// report_queues (a public interface, README "Tables").
/// </summary>
[Migration(8, "Add the worker, event and control tables and the reporting views")]
public sealed class M0008_Monitoring(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0008_monitoring.up"));

    public override void Down() => Execute.Sql(context.Sql("0008_monitoring.down"));
}
