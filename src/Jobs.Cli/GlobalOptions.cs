using System.CommandLine;

namespace Jobs.Cli;

/// <summary>The options every command accepts: where the database is, and whether to print JSON.</summary>
internal sealed class GlobalOptions
{
    public const string ProviderVariable = "JOBS_PROVIDER";
    public const string ConnectionVariable = "JOBS_CONNECTION";

    public Option<string?> Provider { get; } = new("--provider")
    {
        Description = $"The database: sqlite (default), postgres or sqlserver. Default: ${ProviderVariable}, else sqlite.",
        HelpName = "sqlite|postgres|sqlserver",
        Recursive = true,
    };

    public Option<string?> Connection { get; } = new("--connection")
    {
        Description = $"The connection string. Default: ${ConnectionVariable}, else \"{ProviderSettings.DefaultSqliteConnection}\" for sqlite.",
        HelpName = "connection-string",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = $"The schema holding the Jobs tables (postgres and sqlserver only). Default: {ProviderSettings.DefaultSchema}.",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print machine-readable JSON (camelCase) instead of text and tables.",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Provider);
        root.Add(Connection);
        root.Add(Schema);
        root.Add(Json);
    }

    /// <summary>Resolves the database from the options, then the environment, then the defaults.</summary>
    public ProviderSettings Resolve(ParseResult parse, string defaultSqliteConnection = ProviderSettings.DefaultSqliteConnection)
        => ProviderSettings.Resolve(
            parse.GetValue(Provider), parse.GetValue(Connection), parse.GetValue(Schema),
            Environment.GetEnvironmentVariable(ProviderVariable), Environment.GetEnvironmentVariable(ConnectionVariable),
            defaultSqliteConnection);
}
