namespace Jobs.Cli;

/// <summary>The databases the console can talk to.</summary>
internal enum JobsProvider
{
    Sqlite,
    Postgres,
    SqlServer,
}

/// <summary>Which database to use and how to reach it, resolved from options, environment and defaults.</summary>
internal sealed record ProviderSettings(JobsProvider Provider, string ConnectionString, string Schema)
{
    public const string DefaultSqliteConnection = "Data Source=jobs.db";
    public const string DefaultSchema = "jobs";

    /// <summary>Options win over the environment; without either, a SQLite file <c>jobs.db</c> in the current directory.</summary>
    public static ProviderSettings Resolve(string? providerOption, string? connectionOption, string? schemaOption,
        string? providerVariable, string? connectionVariable, string defaultSqliteConnection = DefaultSqliteConnection)
    {
        var provider = ParseProvider(providerOption, "--provider") ?? ParseProvider(providerVariable, "$" + GlobalOptions.ProviderVariable) ?? JobsProvider.Sqlite;
        var connection = NonEmpty(connectionOption) ?? NonEmpty(connectionVariable);
        if (provider == JobsProvider.Sqlite && NonEmpty(schemaOption) is not null)
            throw CliException.Usage("--schema applies to postgres and sqlserver only; SQLite keeps the Jobs tables in the database file itself");
        return provider switch
        {
            JobsProvider.Postgres => new(provider,
                connection ?? throw CliException.Usage(
                    $"postgres needs a connection string: pass --connection \"Host=...;Database=...;Username=...\" or set ${GlobalOptions.ConnectionVariable}"),
                SchemaOf(schemaOption)),
            // Optional here: 'migrate script' prints the complete schema without a server; every other command asks for it.
            JobsProvider.SqlServer => new(provider, connection ?? "", SchemaOf(schemaOption)),
            _ => new(provider, connection ?? defaultSqliteConnection, DefaultSchema),
        };
    }

    private static JobsProvider? ParseProvider(string? value, string source) => NonEmpty(value)?.ToLowerInvariant() switch
    {
        null => null,
        "sqlite" => JobsProvider.Sqlite,
        "postgres" or "postgresql" or "pg" => JobsProvider.Postgres,
        "sqlserver" or "mssql" => JobsProvider.SqlServer,
        _ => throw CliException.Usage($"unknown provider '{value}' (from {source}); use sqlite, postgres or sqlserver"),
    };

    private static string SchemaOf(string? option) => NameOptions.Schema(NonEmpty(option) ?? DefaultSchema);

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
