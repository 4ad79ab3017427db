using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// The W3C trace context (traceparent, optionally followed by tracestate) the job was enqueued under, so that the
/// span that runs it links to the span that enqueued it. Null: enqueued outside a trace.
/// </summary>
[Migration(9, "Add the job trace context column")]
public sealed class M0009_TraceParent(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0009_trace_parent.up"));

    public override void Down() => Execute.Sql(context.Sql("0009_trace_parent.down"));
}
