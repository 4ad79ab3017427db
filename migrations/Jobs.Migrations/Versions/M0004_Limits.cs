using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>Rate and concurrency limits per task and queue (job_limit), and revoke-with-terminate (job.terminate).</summary>
[Migration(4, "Add the job_limit table and the job terminate column")]
public sealed class M0004_Limits(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0004_limits.up"));

    public override void Down() => Execute.Sql(context.Sql("0004_limits.down"));
}
