using System.Reflection;
using Jobs.Storage;

namespace Jobs.Migrations;

/// <summary>What every migration needs: the database kind, the target schema, and the SQL of its scripts.</summary>
public sealed class MigrationContext
{
    internal MigrationContext(JobsDatabase database, string schema)
    {
        Database = database;
        Schema = SchemaName.Validate(schema);
    }

    /// <summary>The database being migrated.</summary>
    public JobsDatabase Database { get; }

    /// <summary>The unquoted schema name.</summary>
    public string Schema { get; }

    /// <summary>Renders <c>&lt;Database&gt;/NAME.sql</c> with the schema quoted. Each database keeps its scripts in its own folder.</summary>
    internal string Sql(string name)
        => SqlTemplate.Render(Assembly.GetExecutingAssembly(), $"Jobs.Migrations.{Database}.{name}.sql",
            new Dictionary<string, string> { ["schema"] = SchemaName.QuoteDouble(Schema) });
}
