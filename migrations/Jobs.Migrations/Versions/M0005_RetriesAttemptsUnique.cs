using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>Attempt history (job_attempt), unique jobs (job.unique_key, unique_until, unique_states) and per-job retry-for (job.retry_for).</summary>
[Migration(5, "Add the job_attempt table, unique job keys and per-job retry-for")]
public sealed class M0005_RetriesAttemptsUnique(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0005_attempts_unique.up"));

    public override void Down() => Execute.Sql(context.Sql("0005_attempts_unique.down"));
}
