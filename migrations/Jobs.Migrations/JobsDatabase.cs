using System.Reflection;
using FluentMigrator.Runner;

namespace Jobs.Migrations;

/// <summary>
/// A database Jobs can migrate, such as <c>JobsDatabase.Postgres</c> (package Jobs.Migrations.Postgres) or
/// <c>JobsDatabase.Sqlite</c> (package Jobs.Migrations.Sqlite): each database's package adds its member to this type.
/// </summary>
/// <remarks>
/// The migrations themselves (versions, descriptions, the runner and its version table) are shared; a database
/// supplies only what differs: its FluentMigrator processor, the cross-process migration lock, settings to apply
/// before migrating, where the version table lives, and its SQL scripts, one <c>NNNN_name.up.sql</c> and one
/// <c>NNNN_name.down.sql</c> per migration, embedded in its assembly.
/// <para>
/// Adding a database: a project <c>migrations/Jobs.Migrations.NAME</c> with a sealed subclass of this type, its
/// scripts in <c>Sql/</c> and a static extension property <c>JobsDatabase.NAME</c>; an <c>InternalsVisibleTo</c>
/// for it in Jobs.Migrations.csproj; and a line in <c>tests/Jobs.Migrations.Tests/Databases.cs</c>, which checks
/// that its scripts match every migration.
/// </para>
/// </remarks>
public abstract class JobsDatabase
{
    /// <summary>How long a migrator waits for another process's migration to finish.</summary>
    internal static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    private protected JobsDatabase() { }

    /// <summary>The database's display name, e.g. "PostgreSQL".</summary>
    public abstract string Name { get; }

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Selects this database's FluentMigrator processor (<c>rb.AddPostgres()</c>, ...).</summary>
    internal abstract void ConfigureRunner(IMigrationRunnerBuilder runner);

    /// <summary>
    /// Waits until no other process migrates this database's Jobs tables in <paramref name="schema"/> (up to
    /// <see cref="LockTimeout"/>), and holds that lock until the result is disposed.
    /// </summary>
    internal abstract IDisposable AcquireLock(string connectionString, string schema);

    /// <summary>Whether the database has schemas; if not, the version table lives in the main database and the schema is ignored.</summary>
    internal abstract bool HasSchemas { get; }

    /// <summary>
    /// Database-wide settings to apply before migrating, outside any migration's transaction (e.g. SQLite's
    /// journal mode), as SQL; <c>migrate script</c> shows them first. Null: none.
    /// </summary>
    internal virtual string? SetupSql => null;

    /// <summary>Applies <see cref="SetupSql"/>; called under the migration lock, before the migrations run.</summary>
    internal virtual void Setup(string connectionString) { }

    /// <summary>
    /// What <see cref="JobsMigrator.FullScript"/> puts first, where the connectionless run cannot: the schema and the
    /// version table that a connected run creates before the migrations. Null: nothing.
    /// </summary>
    internal virtual string? FullScriptPreamble(string schema) => null;

    /// <summary>
    /// The resource name of this database's least-privilege roles script (rendered by <see cref="JobsMigrator.RolesScript"/>),
    /// or null when the database has none, with <see cref="RolesUnsupportedReason"/> saying why.
    /// </summary>
    internal virtual string? RolesScriptResource => null;

    /// <summary>Why <see cref="JobsMigrator.CreateRoles"/> does not apply to this database (no <see cref="RolesScriptResource"/>).</summary>
    internal virtual string RolesUnsupportedReason => $"{Name} has no least-privilege roles.";

    /// <summary>Runs the rendered roles script in one transaction.</summary>
    internal virtual void ExecuteRolesScript(string connectionString, string sql) => throw new NotSupportedException(RolesUnsupportedReason);

    /// <summary>The assembly holding this database's scripts.</summary>
    internal Assembly ScriptAssembly => GetType().Assembly;

    /// <summary>The resource name prefix of this database's scripts: script <c>NAME</c> is resource <c>ScriptNamespace.NAME.sql</c>.</summary>
    internal abstract string ScriptNamespace { get; }

    /// <summary>The resource name of script <paramref name="name"/> (e.g. <c>0001_job_table.up</c>).</summary>
    internal string ScriptResource(string name) => $"{ScriptNamespace}.{name}.sql";

    /// <summary>The name of the migration lock of <paramref name="schema"/>, the same for every database.</summary>
    internal static string LockName(string schema) => "jobs.migrate:" + schema;

    /// <summary><see cref="LockName"/> as a 64-bit key, for databases whose locks take a number (PostgreSQL advisory locks).</summary>
    internal static long LockKey(string schema) => Storage.LockKey.For(LockName(schema));
}
