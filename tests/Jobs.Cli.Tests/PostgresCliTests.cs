using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>The console suite on PostgreSQL: a fresh database per test on the shared test server.</summary>
public sealed class PostgresCliTests : CliConformance
{
    protected override async Task<CliDatabase> CreateDatabaseAsync() => await PostgresCliDatabase.CreateAsync();

    [Fact]
    public async Task Postgres_needs_a_connection_string_and_honours_schema()
    {
        var bare = new JobsCli(Db.WorkingDirectory, new Dictionary<string, string?> { ["JOBS_PROVIDER"] = "postgres" });
        var missing = await bare.RunAsync("queues");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--connection", Assert.Single(missing.StderrLines));

        Assert.Equal(0, (await Cli.RunAsync("migrate", "up", "--schema", "other_jobs")).ExitCode);
        var id = (await bare.RunAsync("enqueue", "jobs.echo", "--connection", Db.ConnectionString, "--schema", "other_jobs")).Output;
        Assert.Equal("PENDING", (await Cli.RunAsync("status", id, "--schema", "other_jobs")).Output);
        Assert.Equal(2, (await Cli.RunAsync("status", id)).ExitCode); // the default schema, jobs, is not migrated
    }

    [Fact]
    public async Task Migrate_roles_creates_the_roles_grants_a_login_and_can_run_again()
    {
        var prefix = "cli" + Guid.NewGuid().ToString("N")[..10];
        var login = prefix + "_app";
        var roles = new[] { prefix + "_client", prefix + "_worker", prefix + "_admin" };
        await Db.QueryAsync($"create role \"{login}\" login");
        try
        {
            Ok(await Cli.RunAsync("migrate", "up"));
            foreach (var _ in new[] { 1, 2 }) // idempotent: the second run finds the roles, grants and membership in place
            {
                var run = Ok(await Cli.RunAsync("migrate", "roles", "--prefix", prefix, "--worker-login", login));
                Assert.Contains($"roles {roles[0]}, {roles[1]} and {roles[2]} are ready", run.Stdout);
                Assert.Contains($"{roles[1]}: granted to {login}", run.Stdout);
            }
            Assert.Contains($"\"worker\":\"{roles[1]}\"", Ok(await Cli.RunAsync("migrate", "roles", "--prefix", prefix, "--json")).Stdout);
            var member = await Db.QueryAsync(
                $"select pg_has_role('{login}', '{roles[1]}', 'member'), pg_has_role('{login}', '{roles[0]}', 'member'), " +
                $"has_table_privilege('{roles[1]}', 'jobs.job', 'update'), has_table_privilege('{roles[1]}', 'jobs.job', 'truncate')");
            Assert.Equal([true, false, true, false], member.Single());
            Assert.Contains("create role %I nologin", Ok(await Cli.RunAsync("migrate", "roles", "--script")).Stdout);
            UserError(await Cli.RunAsync("migrate", "roles", "--prefix", prefix, "--client-login", prefix + "_nobody"), 2, "must exist: create it first");
        }
        finally
        {
            var existing = (await Db.QueryAsync($"select rolname from pg_roles where rolname like '{prefix}%'")).Select(r => $"\"{r[0]}\"").ToList();
            if (existing.Count > 0) await Db.QueryAsync($"drop owned by {string.Join(", ", existing)}; drop role {string.Join(", ", existing)}");
        }
    }
}
