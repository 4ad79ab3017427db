using Jobs.Cli.Providers;

namespace Jobs.Cli.Migrations;

/// <summary>
/// The SQL that <c>migrate up</c> would run (FluentMigrator preview mode), without running it; for SQL Server without
/// a connection string, the complete schema (FluentMigrator connectionless).
/// </summary>
internal static class MigrationScript
{
    public static string Generate(StoreProvider provider) => provider.MigrationScript();
}
