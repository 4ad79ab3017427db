using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>Workflows (canvas): group counters (job_group) and the job columns that link a waiting job to what releases it.</summary>
[Migration(6, "Add the job_group table and the workflow columns of job")]
public sealed class M0006_Workflows(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0006_workflows.up"));

    public override void Down() => Execute.Sql(context.Sql("0006_workflows.down"));
}
