using FluentMigrator;

namespace Jobs.Migrations.Versions;

/// <summary>
/// The payload envelope (README "Payloads: codecs and compression"): a job whose arguments are not plain JSON (another
/// codec, compression, encryption or a signature) keeps their exact bytes in <c>payload</c> with <c>content_type</c>
/// and <c>content_encoding</c> (Celery's names), and <c>args</c> is null; its result likewise in
/// <c>result_payload</c>. <c>workflow_input</c> is what a workflow step with a payload is fed (its own bytes stay
/// untouched). Plain JSON jobs keep their rows as before.
/// </summary>
[Migration(13, "Add the payload envelope columns")]
public sealed class M0013_PayloadEnvelope(MigrationContext context) : Migration
{
    public override void Up() => Execute.Sql(context.Sql("0013_payload_envelope.up"));

    public override void Down() => Execute.Sql(context.Sql("0013_payload_envelope.down"));
}
