using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// Enqueue from any language (README "Other languages: enqueue with SQL"): the job id defaults to a UUIDv7 made by
/// the database, so a row of task and args is a complete job. PostgreSQL also gets a trigger that wakes the workers
/// when such a row commits and the functions enqueue, enqueue_many and result; SQL Server is unchanged (its writers
/// give the id).
/// </summary>
[Migration(12, "Add the job id default, the insert wake-up and the SQL enqueue functions")]
public sealed class M0012_SqlEnqueue(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0012_sql_enqueue.up"));

    public override void Down() => Execute.Sql(context.Sql("0012_sql_enqueue.down"));
}
