using FluentMigrator.Runner;
using Microsoft.Extensions.DependencyInjection;

namespace Jobs.Migrations;

/// <summary>Creates, upgrades and removes the Jobs schema (FluentMigrator). Each migration runs in its own transaction.</summary>
public sealed class JobsMigrator
{
    private readonly JobsDatabase _database;
    private readonly string _connectionString;
    private readonly string _schema;

    /// <param name="database">The kind of database.</param>
    /// <param name="connectionString">Where to migrate.</param>
    /// <param name="schema">The schema holding the Jobs tables; default "jobs". Ignored on SQLite, which has no schemas.</param>
    public JobsMigrator(JobsDatabase database, string connectionString, string schema = "jobs")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _database = database;
        _connectionString = connectionString;
        _schema = new MigrationContext(database, schema).Schema;
    }

    /// <summary>Applies every pending migration.</summary>
    public void MigrateUp() => Run(r => r.MigrateUp());

    /// <summary>Reverts migrations down to <paramref name="version"/> (0 removes everything Jobs created).</summary>
    public void MigrateDown(long version = 0) => Run(r => r.MigrateDown(version));

    /// <summary>Every known migration and whether it is applied.</summary>
    public IReadOnlyList<MigrationState> Status()
    {
        IReadOnlyList<MigrationState> result = [];
        Run(r =>
        {
            var applied = r.VersionLoader.VersionInfo;
            result = r.MigrationLoader.LoadMigrations()
                .Select(m => new MigrationState(m.Key, m.Value.Description ?? "", applied.HasAppliedMigration(m.Key)))
                .ToList();
        });
        return result;
    }

    private void Run(Action<MigrationRunner> action)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(new MigrationContext(_database, _schema))
            .AddFluentMigratorCore()
            .ConfigureRunner(rb =>
            {
                switch (_database)
                {
                    case JobsDatabase.Postgres: rb.AddPostgres(); break;
                    case JobsDatabase.Sqlite: rb.AddSQLite(); break;
                    default: throw new NotSupportedException($"Database {_database} is not supported.");
                }
                rb.WithGlobalConnectionString(_connectionString)
                  .WithVersionTable(new VersionTable(_database == JobsDatabase.Sqlite ? null : _schema))
                  .ScanIn(typeof(JobsMigrator).Assembly).For.Migrations();
            });
        using var migrationLock = MigrationLock.Acquire(_database, _connectionString, _schema);
        if (_database == JobsDatabase.Sqlite) SqliteSetup.UseWriteAheadLog(_connectionString);
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        var runner = (MigrationRunner)scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        action(runner);
    }
}

/// <summary>A migration and whether it is applied.</summary>
public sealed record MigrationState(long Version, string Description, bool Applied);
