using Jobs.Migrations;

namespace Jobs.Cli.Providers;

/// <summary>One kind of database as the console uses it: the store to configure and the migrator to run.</summary>
internal abstract class StoreProvider(ProviderSettings settings)
{
    public ProviderSettings Settings { get; } = settings;

    public static StoreProvider For(ProviderSettings settings) => settings.Provider switch
    {
        JobsProvider.Postgres => new PostgresProvider(settings),
        JobsProvider.SqlServer => new SqlServerProvider(settings),
        _ => SqliteProvider.Create(settings),
    };

    /// <summary>Where the database is, for messages (never the password).</summary>
    public abstract string Description { get; }

    /// <summary>The database kind for <see cref="JobsMigrator"/>.</summary>
    public abstract JobsDatabase Database { get; }

    /// <summary>Selects this store in <paramref name="options"/>.</summary>
    public abstract void UseStore(JobsOptions options);

    /// <summary>Throws a <see cref="CliException"/> when the database plainly does not exist (e.g. a missing SQLite file).</summary>
    public virtual void EnsureExists() { }

    /// <summary>Where read-only inspection (migration status, script) connects; SQLite avoids creating a missing file.</summary>
    public virtual string InspectionConnectionString => Settings.ConnectionString;

    /// <summary>The SQL that <c>migrate up</c> would run; a provider without a connection may script the complete schema instead.</summary>
    public virtual string MigrationScript() => CreateMigrator(inspectOnly: true).Script();

    /// <summary>The migrator for this database; <paramref name="inspectOnly"/> for status and script, which change nothing.</summary>
    public virtual JobsMigrator CreateMigrator(bool inspectOnly = false)
        => new(Database, inspectOnly ? InspectionConnectionString : Settings.ConnectionString, Settings.Schema);
}
