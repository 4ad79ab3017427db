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

    /// <param name="database">
    /// The database: <c>JobsDatabase.Postgres</c> (package Jobs.Migrations.Postgres) or <c>JobsDatabase.Sqlite</c>
    /// (package Jobs.Migrations.Sqlite).
    /// </param>
    /// <param name="connectionString">Where to migrate.</param>
    /// <param name="schema">The schema holding the Jobs tables; default "jobs". Ignored on SQLite, which has no schemas.</param>
    public JobsMigrator(JobsDatabase database, string connectionString, string schema = "jobs")
    {
        ArgumentNullException.ThrowIfNull(database);
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
        // MigrateUp also applies the database-wide settings outside the migrations (SQLite: write-ahead logging).
        return _database.SetupSql is { } setup && sql.Sql.Length > 0 ? setup + "\n\n" + sql.Sql : sql.Sql;
    }

    /// <summary>
    /// The SQL of every migration from an empty database, without connecting to one (FluentMigrator's connectionless
    /// mode): the complete schema of <paramref name="database"/> in <paramref name="schema"/>, e.g. for review or for a
    /// DBA to run by hand. Unlike <see cref="Script"/> it does not know which migrations a database has applied.
    /// </summary>
    public static string FullScript(JobsDatabase database, string schema = "jobs")
    {
        ArgumentNullException.ThrowIfNull(database);
        var migrator = new JobsMigrator(database, "(no connection)", schema);
        var sql = new SqlScriptCollector();
        migrator.Run(r => r.MigrateUp(), sql, connectionless: true);
        var script = database.FullScriptPreamble(migrator._schema) is { } preamble ? preamble + "\n\n" + sql.Sql : sql.Sql;
        return database.SetupSql is { } setup ? setup + "\n\n" + script : script;
    }

    /// <summary>
    /// Creates, when missing, the schema's least-privilege group roles (client, worker, admin; README "Least-privilege
    /// deployment"), grants them their rights on the tables, sequences and functions that exist now and, by default
    /// privileges, on those that later migrations create, and makes the given logins members. Idempotent: run it again
    /// after <see cref="MigrateUp"/>. PostgreSQL only for now; run it as the login that runs the migrations.
    /// </summary>
    /// <exception cref="NotSupportedException">The database has no roles (SQLite: protect the file instead).</exception>
    public JobsRoles CreateRoles(JobsRoleOptions? options = null)
    {
        var roles = Roles(options);
        var sql = RolesScript(options);
        using var migrationLock = _database.AcquireLock(_connectionString, _schema);
        _database.ExecuteRolesScript(_connectionString, sql);
        return roles;
    }

    /// <summary>The SQL that <see cref="CreateRoles"/> runs, without running it (for a DBA to review or run by hand).</summary>
    /// <exception cref="NotSupportedException">The database has no roles.</exception>
    public string RolesScript(JobsRoleOptions? options = null)
    {
        var resource = _database.RolesScriptResource ?? throw new NotSupportedException(_database.RolesUnsupportedReason);
        var roles = Roles(options);
        var tokens = new Dictionary<string, string>
        {
            ["schema_name"] = Literal(_schema),
            ["schema"] = Storage.SchemaName.QuoteDouble(_schema),
            ["client_name"] = Literal(roles.Client),
            ["worker_name"] = Literal(roles.Worker),
            ["admin_name"] = Literal(roles.Admin),
            ["client_logins"] = Logins(options?.ClientLogins),
            ["worker_logins"] = Logins(options?.WorkerLogins),
            ["admin_logins"] = Logins(options?.AdminLogins),
            ["client"] = Storage.SchemaName.QuoteDouble(roles.Client),
            ["worker"] = Storage.SchemaName.QuoteDouble(roles.Worker),
            ["admin"] = Storage.SchemaName.QuoteDouble(roles.Admin),
        };
        return Storage.SqlTemplate.Render(_database.ScriptAssembly, resource, tokens);
    }

    private JobsRoles Roles(JobsRoleOptions? options) => JobsRoles.For(options?.Prefix ?? _schema);

    /// <summary>A SQL string literal; the roles script's DO blocks are quoted with <c>$jobs_roles$</c>, which no name may hold.</summary>
    private static string Literal(string value)
    {
        if (value.Contains("$jobs_roles$", StringComparison.Ordinal)) throw new ArgumentException($"The name '{value}' must not contain '$jobs_roles$'.");
        return "'" + value.Replace("'", "''") + "'";
    }

    private static string Logins(IEnumerable<string>? logins)
        => "array[" + string.Join(", ", (logins ?? []).Select(l => Literal(JobsRoles.RoleName(l)))) + "]::text[]";

    private void Run(Action<MigrationRunner> action, SqlScriptCollector? preview = null, bool connectionless = false)
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
                _database.ConfigureRunner(rb);
                if (!connectionless) rb.WithGlobalConnectionString(_connectionString);
                rb.WithVersionTable(new VersionTable(_database.HasSchemas ? _schema : null))
                  .ScanIn(typeof(JobsMigrator).Assembly).For.Migrations();
            });
        if (preview is not null) services.Configure<ProcessorOptions>(o => o.PreviewOnly = true);
        if (connectionless) services.Configure<FluentMigrator.Runner.Initialization.RunnerOptions>(o => o.NoConnection = true);
        // Concurrent migrators take turns; a preview changes nothing, so it neither waits nor sets the database up.
        using var migrationLock = preview is null ? _database.AcquireLock(_connectionString, _schema) : null;
        if (preview is null) _database.Setup(_connectionString);
        using var provider = services.BuildServiceProvider(validateScopes: false);
        using var scope = provider.CreateScope();
        var runner = (MigrationRunner)scope.ServiceProvider.GetRequiredService<IMigrationRunner>();
        action(runner);
    }
}

/// <summary>A migration and whether it is applied.</summary>
public sealed record MigrationState(long Version, string Description, bool Applied);
