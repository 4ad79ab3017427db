using Jobs.Storage;

namespace Jobs.Migrations;

/// <summary>What every migration needs: the database, the target schema, and the SQL of its scripts.</summary>
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

    /// <summary>Renders the database's script <c>NAME.sql</c> with the schema quoted. Each database embeds its own scripts.</summary>
    internal string Sql(string name)
        => SqlTemplate.Render(Database.ScriptAssembly, Database.ScriptResource(name),
            new Dictionary<string, string> { ["schema"] = SchemaName.QuoteDouble(Schema) });
}
