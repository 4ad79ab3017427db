using Microsoft.Data.Sqlite;
using Xunit;

namespace Jobs.Sqlite.Tests;

/// <summary>The SQLite SQL of README "Other languages: enqueue with SQL" runs as written on a migrated file.</summary>
public sealed class ReadmeSqliteEnqueueTests
{
    [Fact]
    public async Task Every_statement_of_the_README_sqlite_enqueue_block_runs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) dir = dir.Parent;
        var readme = await File.ReadAllTextAsync(Path.Combine(dir!.FullName, "README.md"));
        var section = readme[readme.IndexOf("### SQLite and SQL Server", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sql", StringComparison.Ordinal) + "```sql".Length;
        var statements = section[start..section.IndexOf("```", start, StringComparison.Ordinal)].Split(';')
            .Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        Assert.Equal(3, statements.Count);

        await using var db = await SqliteHarness.CreateAsync();
        await using var conn = new SqliteConnection(db.ConnectionString);
        await conn.OpenAsync();
        foreach (var sql in statements)
        {
            await using var cmd = new SqliteCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync();
        }
        // Ordered by task, not id: two UUIDv7 ids made in the same millisecond are in random order.
        await using var check = new SqliteCommand(
            "select group_concat(task || ':' || state || ':' || (run_at > created_at), ',') from (select * from job order by task)", conn);
        Assert.Equal("emails.send:SCHEDULED:1,reports.generate:PENDING:0", await check.ExecuteScalarAsync());
    }
}
