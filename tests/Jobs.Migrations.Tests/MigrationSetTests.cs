using System.Reflection;
using System.Text.RegularExpressions;
using FluentMigrator;
using FluentMigrator.Expressions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using RunnerContext = FluentMigrator.Infrastructure.MigrationContext;

namespace Jobs.Migrations.Tests;

/// <summary>
/// The migrations are shared and each database brings only its scripts: every database must have an up and a down
/// script for every migration, under the same names, and no script that no migration runs.
/// </summary>
public sealed partial class MigrationSetTests
{
    private static readonly IReadOnlyList<Type> Migrations = typeof(JobsMigrator).Assembly.GetExportedTypes()
        .Where(t => typeof(IMigration).IsAssignableFrom(t) && !t.IsAbstract)
        .OrderBy(Version)
        .ToList();

    [Fact]
    public void The_migrations_are_numbered_one_to_n()
        => Assert.Equal(Enumerable.Range(1, Migrations.Count).Select(v => (long)v), Migrations.Select(Version));

    [Theory]
    [MemberData(nameof(Databases.Names), MemberType = typeof(Databases))]
    public void Every_migration_runs_one_script_up_and_one_down(string name)
    {
        var database = Databases.All[name];
        foreach (var type in Migrations)
        {
            var migration = (IMigration)Activator.CreateInstance(type, new MigrationContext(database, "jobs"))!;
            Assert.False(string.IsNullOrWhiteSpace(Sql(migration.GetUpExpressions)), $"{name} {type.Name} up");
            Assert.False(string.IsNullOrWhiteSpace(Sql(migration.GetDownExpressions)), $"{name} {type.Name} down");
        }
    }

    [Theory]
    [MemberData(nameof(Databases.Names), MemberType = typeof(Databases))]
    public void Every_script_belongs_to_a_migration_with_one_up_and_one_down(string name)
    {
        var scripts = Scripts(Databases.All[name]);
        var byVersion = scripts.Select(s => ScriptName().Match(s))
            .Select(m => { Assert.True(m.Success, $"{name}: {m.Value} is not NNNN_name.up or NNNN_name.down"); return m; })
            .GroupBy(m => long.Parse(m.Groups["version"].Value))
            .ToDictionary(g => g.Key, g => g.Select(m => m.Groups["direction"].Value).Order().ToList());
        Assert.Equal(Migrations.Select(Version), byVersion.Keys.Order());
        Assert.All(byVersion, v => Assert.Equal(["down", "up"], v.Value));
    }

    [Fact]
    public void Every_database_names_its_scripts_alike()
    {
        var (first, rest) = (Databases.All.First(), Databases.All.Skip(1));
        foreach (var other in rest)
            Assert.True(Scripts(first.Value).SequenceEqual(Scripts(other.Value)),
                $"{first.Key}: {string.Join(", ", Scripts(first.Value))}\n{other.Key}: {string.Join(", ", Scripts(other.Value))}");
    }

    /// <summary>The database's embedded script names without prefix and extension (<c>0001_job_table.up</c>), sorted.</summary>
    private static List<string> Scripts(JobsDatabase database)
    {
        var prefix = database.ScriptNamespace + ".";
        return database.ScriptAssembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => r[prefix.Length..^".sql".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Sql(Action<FluentMigrator.Infrastructure.IMigrationContext> expressions)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var context = new RunnerContext(null!, services, null);
        expressions(context);
        return Assert.Single(context.Expressions.OfType<ExecuteSqlStatementExpression>()).SqlStatement;
    }

    private static long Version(Type migration) => migration.GetCustomAttribute<MigrationAttribute>()!.Version;

    [GeneratedRegex(@"^(?<version>\d{4})_[a-z0-9_]+\.(?<direction>up|down)$")]
    private static partial Regex ScriptName();
}
