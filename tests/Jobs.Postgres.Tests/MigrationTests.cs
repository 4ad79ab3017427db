using Jobs.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Postgres.Tests;

public sealed class MigrationTests
{
    [Fact]
    public async Task Up_creates_the_schema_and_down_removes_it_even_with_a_name_that_needs_quoting()
    {
        var cs = await PostgresHarness.DatabaseAsync();
        var schema = "Mixed_Case_" + Guid.NewGuid().ToString("N")[..6]; // unquoted, PostgreSQL would fold it to lower case
        var migrator = new JobsMigrator(JobsDatabase.Postgres, cs, schema);
        migrator.MigrateUp();
        await using var harness = await PostgresHarness.CreateAsync(schema); // up again is a no-op
        Assert.All(migrator.Status(), m => Assert.True(m.Applied));
        var literal = schema.Replace("'", "''");
        Assert.Equal(1L, await harness.ScalarAsync<long>($"select count(*) from information_schema.tables where table_schema = '{literal}' and table_name = 'job'"));
        Assert.Equal(1L, await harness.ScalarAsync<long>($"select count(*) from pg_indexes where schemaname = '{literal}' and indexname = 'job_runnable_idx' and indexdef like '%WHERE%'"));
        var monitoring = $"select count(*) from information_schema.tables where table_schema = '{literal}' and table_name in " +
            "('worker', 'worker_status', 'event', 'control', 'control_reply', 'report_throughput', 'report_runtime', 'report_queues')";
        Assert.Equal(8L, await harness.ScalarAsync<long>(monitoring));

        migrator.MigrateDown();
        Assert.Equal(0L, await harness.ScalarAsync<long>($"select count(*) from information_schema.tables where table_schema = '{literal}' and table_name = 'job'"));
        Assert.Equal(0L, await harness.ScalarAsync<long>(monitoring));
        Assert.All(migrator.Status(), m => Assert.False(m.Applied));
        migrator.MigrateUp();
        Assert.Equal(1L, await harness.ScalarAsync<long>($"select count(*) from information_schema.tables where table_schema = '{literal}' and table_name = 'job'"));
    }

    [Fact]
    public async Task Replicas_migrating_at_once_take_turns_and_all_succeed()
    {
        var cs = await PostgresHarness.DatabaseAsync();
        var schema = "race_" + Guid.NewGuid().ToString("N")[..8];
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => new JobsMigrator(JobsDatabase.Postgres, cs, schema).MigrateUp())));
        await using var harness = await PostgresHarness.CreateAsync(schema);
        Assert.All(new JobsMigrator(JobsDatabase.Postgres, cs, schema).Status(), m => Assert.True(m.Applied));
    }

    [Fact]
    public void A_bad_schema_name_is_rejected_clearly()
    {
        var ex = Assert.Throws<ArgumentException>(() => new JobsMigrator(JobsDatabase.Postgres, "Host=x", ""));
        Assert.Contains("Schema name", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new JobsMigrator(JobsDatabase.Postgres, "Host=x", "we\"ird name"));
        Assert.Contains("Schema name 'we\"ird name' is invalid: a quote is not allowed", ex.Message);
    }

    [Fact]
    public async Task Using_an_unmigrated_schema_says_to_run_the_migrations()
    {
        var cs = await PostgresHarness.DatabaseAsync();
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o => { o.UsePostgres(cs, p => p.Schema = "never_migrated"); o.AddRemoteTask("x.y"); });
        await using var sp = services.BuildServiceProvider();
        var client = sp.GetRequiredService<IJobClient>();
        var ex = await Assert.ThrowsAsync<JobsException>(() => client.EnqueueAsync("x.y"));
        Assert.Contains("jobs migrate up", ex.Message);
    }
}
