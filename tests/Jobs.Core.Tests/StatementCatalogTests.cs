using Xunit;
using System.Reflection;
using System.Text.RegularExpressions;
using Jobs.Storage;

namespace Jobs.Core.Tests;

/// <summary>
/// Every store keeps one SQL file per statement of the executor, named after it (<c>JobFinishManyAsync</c> ⇔
/// <c>job_finish_many.sql</c>; <c>job_finish_many.history.sql</c> is a part of that statement), and nothing else but
/// the declared exceptions: so the stores cannot drift apart, and a reader finds a statement's SQL by its name.
/// </summary>
public sealed partial class StatementCatalogTests
{
    /// <summary>Files a store keeps beside its statements, and why.</summary>
    private static readonly Dictionary<string, string[]> Exceptions = new()
    {
        // NOTIFY inside a caller's transaction (IStoreWakeups.SendWithinAsync).
        ["Jobs.Postgres"] = ["signal_send"],
        // The per-connection pragmas, and the cross-process change check (pragma data_version).
        ["Jobs.Sqlite"] = ["connection_setup", "data_version"],
        // The cross-process change check of the adaptive poller (no LISTEN/NOTIFY on SQL Server).
        ["Jobs.SqlServer"] = ["change_probe"],
    };

    public static TheoryData<string> Stores => ["Jobs.Postgres", "Jobs.Sqlite", "Jobs.SqlServer"];

    [Theory]
    [MemberData(nameof(Stores))]
    public void Every_statement_has_its_sql_file_and_every_file_its_statement(string store)
    {
        var statements = typeof(IStoreExecutor).GetMethods().Where(m => m.Name.EndsWith("Async", StringComparison.Ordinal)).Select(m => Snake(m.Name[..^"Async".Length])).ToHashSet();
        var files = Files(store).Except(Exceptions[store]).ToHashSet();
        Assert.Empty(statements.Except(files).Order()); // statements without SQL
        Assert.Empty(files.Except(statements).Order()); // SQL without a statement
    }

    [Fact]
    public void Every_store_keeps_the_same_statements()
    {
        var postgres = Files("Jobs.Postgres").Except(Exceptions["Jobs.Postgres"]).Order().ToList();
        var sqlite = Files("Jobs.Sqlite").Except(Exceptions["Jobs.Sqlite"]).Order().ToList();
        var sqlServer = Files("Jobs.SqlServer").Except(Exceptions["Jobs.SqlServer"]).Order().ToList();
        Assert.Equal(postgres, sqlite);
        Assert.Equal(postgres, sqlServer);
        Assert.True(postgres.Count > 60, $"only {postgres.Count} statements found: are the .sql files embedded?");
    }

    /// <summary>The statement names of a store's embedded SQL (a part file counts as its statement).</summary>
    private static IEnumerable<string> Files(string store)
    {
        var assembly = store switch
        {
            "Jobs.Postgres" => typeof(Postgres.PostgresJobsOptionsExtensions).Assembly,
            "Jobs.SqlServer" => typeof(SqlServer.SqlServerJobsOptionsExtensions).Assembly,
            _ => typeof(Sqlite.SqliteJobsOptionsExtensions).Assembly,
        };
        var prefix = store + ".Sql.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^".sql".Length].Split('.')[0])
            .Distinct();
    }

    private static string Snake(string pascal) => Upper().Replace(pascal, "_$1").ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Upper();
}
