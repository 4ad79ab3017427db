using System.Reflection;
using Jobs.Storage;

namespace Jobs.Migrations;

/// <summary>What every migration needs: the target schema, and the SQL of its scripts for the current database.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(string schema) => Schema = SchemaName.Validate(schema);

    /// <summary>The unquoted schema name.</summary>
    public string Schema { get; }

    /// <summary>Renders <c>Postgres/NAME.sql</c> with the schema quoted.</summary>
    internal string PostgresSql(string name)
        => SqlTemplate.Render(Assembly.GetExecutingAssembly(), $"Jobs.Migrations.Postgres.{name}.sql",
            new Dictionary<string, string> { ["schema"] = SchemaName.QuoteDouble(Schema) });
}
