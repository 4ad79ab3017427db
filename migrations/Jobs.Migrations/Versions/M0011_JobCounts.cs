using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// Counts of finished jobs per queue and state kept by triggers (README "Tables": <c>job_count</c>), so that
/// counting jobs per queue and state reads a few rows instead of the whole table; the job table's index for
/// listing failed and revoked jobs newest first.
/// </summary>
[Migration(11, "Add the finished-job counts (job_count) and the failed-jobs index")]
public sealed class M0011_JobCounts(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0011_job_counts.up"));

    public override void Down() => Execute.Sql(context.Sql("0011_job_counts.down"));
}
