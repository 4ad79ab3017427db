using Jobs.Migrations;
using Jobs.Postgres;
using Npgsql;

namespace Jobs.Cli.Providers;

/// <summary>PostgreSQL through Jobs.Postgres (schema from <c>--schema</c>).</summary>
internal sealed class PostgresProvider(ProviderSettings settings) : StoreProvider(settings)
{
    private readonly NpgsqlConnectionStringBuilder _builder = Parse(settings.ConnectionString);

    public override string Description => $"PostgreSQL database \"{_builder.Database}\" on {_builder.Host}:{_builder.Port}, schema \"{Settings.Schema}\"";

    public override JobsDatabase Database => JobsDatabase.Postgres;

    public override void UseStore(JobsOptions options) => options.UsePostgres(Settings.ConnectionString, p => p.Schema = Settings.Schema);

    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"invalid PostgreSQL connection string: {ex.Message}");
        }
    }
}
