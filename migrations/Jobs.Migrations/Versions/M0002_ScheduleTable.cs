using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>The schedule table of the beat (periodic tasks).</summary>
[Migration(2, "Create the schedule table")]
public sealed class M0002_ScheduleTable(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0002_schedule_table.up"));

    public override void Down() => Execute.Sql(context.Sql("0002_schedule_table.down"));
}
