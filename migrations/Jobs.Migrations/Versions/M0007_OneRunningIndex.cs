using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// Drops job_lease_idx: running (STARTED) jobs are few, so the rescuer scans job_running_idx instead, and every claim
/// writes one index entry less (measured on the drain benchmark, see bench/RESULTS.md).
/// </summary>
[Migration(7, "Drop the lease index (the rescuer reads the running index)")]
public sealed class M0007_OneRunningIndex(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0007_one_running_index.up"));

    public override void Down() => Execute.Sql(context.Sql("0007_one_running_index.down"));
}
