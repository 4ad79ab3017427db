using Jobs.Migrations;
using Xunit;

namespace Jobs.Migrations.Tests;

/// <summary>Every database Jobs migrates, by name (theory data must be serializable to be listed case by case).</summary>
internal static class Databases
{
    // A new database adds its migrations project to the .csproj and itself here.
    public static readonly IReadOnlyDictionary<string, JobsDatabase> All = new Dictionary<string, JobsDatabase>
    {
        ["Postgres"] = JobsDatabase.Postgres,
        ["Sqlite"] = JobsDatabase.Sqlite,
        ["SqlServer"] = JobsDatabase.SqlServer,
    };

    public static TheoryData<string> Names => [.. All.Keys];
}
