using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>The job table and its partial indexes.</summary>
[Migration(1, "Create the job table")]
public sealed class M0001_JobTable(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0001_job_table.up"));

    public override void Down() => Execute.Sql(context.Sql("0001_job_table.down"));
}
