using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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

    /// <summary>
    /// The SQL that <see cref="MigrateUp"/> would run now, without running it: FluentMigrator in preview mode reads
    /// which migrations are applied, executes nothing, and the statements it would execute are collected.
    /// Empty when the database is up to date.
    /// </summary>
    public string Script()
    {
        var sql = new SqlScriptCollector();
        Run(r => r.MigrateUp(), sql);
        // MigrateUp also switches a SQLite file to write-ahead logging (a database-wide setting, outside the migrations).
        return _database == JobsDatabase.Sqlite && sql.Sql.Length > 0 ? "pragma journal_mode = wal;\n\n" + sql.Sql : sql.Sql;
    }

    private void Run(Action<MigrationRunner> action, SqlScriptCollector? preview = null)
    {
        var services = new ServiceCollection()
            .AddLogging(l =>
            {
                if (preview is not null) l.SetMinimumLevel(LogLevel.Trace).AddProvider(preview);
            })
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
        if (preview is not null) services.Configure<ProcessorOptions>(o => o.PreviewOnly = true);
        using var migrationLock = preview is null ? MigrationLock.Acquire(_database, _connectionString, _schema) : null;
        if (_database == JobsDatabase.Sqlite && preview is null) SqliteSetup.UseWriteAheadLog(_connectionString);
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        var runner = (MigrationRunner)scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        action(runner);
    }
}

/// <summary>A migration and whether it is applied.</summary>
public sealed record MigrationState(long Version, string Description, bool Applied);
