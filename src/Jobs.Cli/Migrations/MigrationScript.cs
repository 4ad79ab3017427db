using Jobs.Cli.Providers;

namespace Jobs.Cli.Migrations;

/// <summary>The SQL that <c>migrate up</c> would run (FluentMigrator preview mode), without running it.</summary>
internal static class MigrationScript
{
    public static string Generate(StoreProvider provider) => provider.CreateMigrator(inspectOnly: true).Script();
}
