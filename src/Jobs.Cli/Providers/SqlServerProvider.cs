using Jobs.Migrations;
using Jobs.SqlServer;
using Microsoft.Data.SqlClient;

namespace Jobs.Cli.Providers;

/// <summary>SQL Server through Jobs.SqlServer (schema from <c>--schema</c>). Without a connection string only <c>migrate script</c> works.</summary>
internal sealed class SqlServerProvider(ProviderSettings settings) : StoreProvider(settings)
{
    private readonly SqlConnectionStringBuilder? _builder = Parse(settings.ConnectionString);

    public override string Description => _builder is null
        ? $"SQL Server (no connection string), schema \"{Settings.Schema}\""
        : $"SQL Server database \"{_builder.InitialCatalog}\" on {_builder.DataSource}, schema \"{Settings.Schema}\"";

    public override JobsDatabase Database => JobsDatabase.SqlServer;

    public override void UseStore(JobsOptions options) => options.UseSqlServer(Connection(), o => o.Schema = Settings.Schema);

    public override JobsMigrator CreateMigrator(bool inspectOnly = false) => new(Database, Connection(), Settings.Schema);

    /// <summary>With a connection: what 'migrate up' would apply there; without: the complete schema, scripted without a server.</summary>
    public override string MigrationScript() => _builder is null ? JobsMigrator.FullScript(Database, Settings.Schema) : base.MigrationScript();

    private string Connection() => _builder is not null ? Settings.ConnectionString : throw CliException.Usage(
        $"sqlserver needs a connection string: pass --connection \"Server=...;Database=...;User Id=...;Password=...;TrustServerCertificate=true\" or set ${GlobalOptions.ConnectionVariable}");

    private static SqlConnectionStringBuilder? Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        try
        {
            return new SqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw CliException.Usage($"invalid SQL Server connection string: {ex.Message}");
        }
    }
}
