using Npgsql;
using Xunit;

namespace Jobs.Postgres.Tests;

/// <summary>The reporting SQL the README shows runs as written (schema <c>jobs</c> → a fresh test schema) and returns rows.</summary>
public sealed class ReadmeReportingSqlTests
{
    [Fact]
    public async Task Every_query_of_the_README_reporting_section_runs()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"));
        var section = readme[readme.IndexOf("### Reporting views", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sql", StringComparison.Ordinal) + "```sql".Length;
        var block = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        var queries = block.Split(';').Select(q => string.Join('\n', q.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim())
            .Where(q => q.Length > 0).ToList();
        Assert.True(queries.Count >= 5, $"found {queries.Count} queries in the README's reporting block");

        await using var harness = await PostgresHarness.CreateAsync();
        var schema = harness.Schema;
        // A little of everything: finished, failed, waiting, running, and a live worker.
        await harness.ExecuteAsync($"""
            insert into {schema}.job (id, task, queue, state, started_at, finished_at) values
              (gen_random_uuid(), 'a', 'default', 'SUCCESS', now() - interval '3 s', now() - interval '1 s'),
              (gen_random_uuid(), 'a', 'default', 'FAILURE', now() - interval '2 s', now()),
              (gen_random_uuid(), 'b', 'mail', 'STARTED', now(), null);
            insert into {schema}.job (id, task, queue, state, run_at) values (gen_random_uuid(), 'b', 'mail', 'PENDING', now() - interval '5 s');
            insert into {schema}.worker (name, hostname, pid, queues, pool, concurrency, version, heartbeat_interval_ms)
              values ('w1', 'h', 1, array['default'], 'async', 4, '1.0', 2000);
            """);
        await using var conn = new NpgsqlConnection(harness.ConnectionString);
        await conn.OpenAsync();
        foreach (var query in queries)
        {
            await using var cmd = new NpgsqlCommand(query.Replace("jobs.", $"{schema}.", StringComparison.Ordinal), conn);
            await using var reader = await cmd.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync(), $"no rows from the README query:\n{query}");
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Jobs.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Jobs.sln not found above " + AppContext.BaseDirectory);
    }
}
