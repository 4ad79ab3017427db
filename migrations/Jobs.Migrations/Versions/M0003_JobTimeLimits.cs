using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>Per-job soft and hard time limits (milliseconds; null: the task's or worker's default).</summary>
[Migration(3, "Add the job time limit columns")]
public sealed class M0003_JobTimeLimits(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0003_job_time_limits.up"));

    public override void Down() => Execute.Sql(context.Sql("0003_job_time_limits.down"));
}
