using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// Queues that have been paused (README "Queues"): a paused queue's jobs are claimed by no worker anywhere until it
/// is resumed. A row is kept after resume (paused_at null) so the queue's history of pauses is visible.
/// </summary>
[Migration(10, "Add the queue table (pause and resume)")]
public sealed class M0010_QueuePause(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0010_queue_pause.up"));

    public override void Down() => Execute.Sql(context.Sql("0010_queue_pause.down"));
}
