using Npgsql;
using Xunit;

namespace Jobs.Postgres.Tests;

/// <summary>The SQL of README "Other languages: enqueue with SQL" (PostgreSQL) runs as written (schema <c>jobs</c> → a fresh test schema).</summary>
public sealed class ReadmeSqlEnqueueTests
{
    [Fact]
    public async Task Every_statement_of_the_README_postgres_enqueue_block_runs()
    {
        var statements = ReadmeSql.Block("### PostgreSQL: functions");
        Assert.True(statements.Count >= 6, $"found {statements.Count} statements in the README's block");
        await using var harness = await PostgresHarness.CreateAsync();
        await using var conn = new NpgsqlConnection(harness.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in statements)
        {
            await using var cmd = new NpgsqlCommand(sql.Replace("jobs.", $"{harness.Schema}.", StringComparison.Ordinal), conn);
            await cmd.ExecuteNonQueryAsync();
        }
        await using var count = new NpgsqlCommand($"select count(*) from {harness.Schema}.job", conn);
        Assert.Equal(5L, await count.ExecuteScalarAsync());
    }
}

/// <summary>Statements of a README <c>```sql</c> block (the first after a heading), comment lines dropped.</summary>
internal static class ReadmeSql
{
    public static List<string> Block(string heading)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) dir = dir.Parent;
        var readme = File.ReadAllText(Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Jobs.sln not found"), "README.md"));
        var section = readme[readme.IndexOf(heading, StringComparison.Ordinal)..];
        var start = section.IndexOf("```sql", StringComparison.Ordinal) + "```sql".Length;
        var block = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var code = string.Join('\n', block.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
        return [.. code.Split(';').Select(q => q.Trim()).Where(q => q.Length > 0)];
    }
}
