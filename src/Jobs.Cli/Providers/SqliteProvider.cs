using Jobs.Migrations;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;

namespace Jobs.Cli.Providers;

/// <summary>SQLite through Jobs.Sqlite, the default: one database file that several processes may share.</summary>
internal sealed class SqliteProvider : StoreProvider
{
    private readonly SqliteConnectionStringBuilder _builder;

    private SqliteProvider(ProviderSettings settings, SqliteConnectionStringBuilder builder) : base(settings) => _builder = builder;

    public static StoreProvider Create(ProviderSettings settings)
    {
        try
        {
            return new SqliteProvider(settings, new SqliteConnectionStringBuilder(settings.ConnectionString));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            throw CliException.Usage($"invalid SQLite connection string ({ex.Message}); for PostgreSQL pass --provider postgres");
        }
    }

    /// <summary>The database file's full path, or null for in-memory and URI data sources.</summary>
    public string? FilePath => _builder.DataSource is "" or ":memory:" || _builder.Mode == SqliteOpenMode.Memory
        || _builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(_builder.DataSource);

    public override string Description => FilePath is { } path ? $"SQLite database {path}" : $"SQLite database ({Settings.ConnectionString})";

    public override JobsDatabase Database => JobsDatabase.Sqlite;

    public override void UseStore(JobsOptions options) => options.UseSqlite(Settings.ConnectionString);

    public override void EnsureExists()
    {
        if (FilePath is not { } path || File.Exists(path)) return;
        if (Path.GetDirectoryName(path) is { } dir && !Directory.Exists(dir))
            throw CliException.Unreachable($"cannot open the SQLite database {path}: the directory {dir} does not exist");
        throw CliException.Usage($"no SQLite database at {path}; create it with 'jobs migrate up'");
    }

    // A file that does not exist yet is inspected as an empty in-memory database, so status and script create nothing.
    public override string InspectionConnectionString
        => FilePath is { } path && !File.Exists(path) ? "Data Source=:memory:" : Settings.ConnectionString;
}
