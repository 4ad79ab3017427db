using Xunit;

namespace Jobs.Migrations.Tests;

/// <summary>What each database adds to the shared migrator: schemas or not, and settings outside the migrations.</summary>
public sealed class SeamTests
{
    [Fact]
    public void Postgres_keeps_the_version_table_in_the_jobs_schema_and_needs_no_setup()
    {
        Assert.True(JobsDatabase.Postgres.HasSchemas);
        Assert.Null(JobsDatabase.Postgres.SetupSql);
        Assert.Equal("PostgreSQL", JobsDatabase.Postgres.ToString());
    }

    [Fact]
    public void Sqlite_has_no_schemas_and_switches_to_write_ahead_logging()
    {
        Assert.False(JobsDatabase.Sqlite.HasSchemas);
        Assert.Equal("pragma journal_mode = wal;", JobsDatabase.Sqlite.SetupSql);
        Assert.Equal("SQLite", JobsDatabase.Sqlite.ToString());
    }

    [Fact]
    public void The_script_of_an_empty_sqlite_database_starts_with_its_setup_and_runs_every_migration()
    {
        var script = new JobsMigrator(JobsDatabase.Sqlite, "Data Source=:memory:").Script();
        Assert.StartsWith("pragma journal_mode = wal;\n\n", script, StringComparison.Ordinal);
        Assert.Contains("create table", script, StringComparison.OrdinalIgnoreCase);
        var status = new JobsMigrator(JobsDatabase.Sqlite, "Data Source=:memory:").Status();
        Assert.NotEmpty(status);
        Assert.All(status, m => Assert.False(m.Applied));
    }

    [Fact]
    public void Only_postgres_has_least_privilege_roles_so_far()
    {
        var script = new JobsMigrator(JobsDatabase.Postgres, "Host=nowhere", "tenant_a").RolesScript();
        Assert.Contains("grant usage on schema \"tenant_a\" to \"tenant_a_client\", \"tenant_a_worker\", \"tenant_a_admin\";", script);
        Assert.DoesNotContain("{", script.Replace("'{}'", ""), StringComparison.Ordinal); // every token rendered
        var sqlite = Assert.Throws<NotSupportedException>(() => new JobsMigrator(JobsDatabase.Sqlite, "Data Source=:memory:").CreateRoles());
        Assert.Contains("-wal", sqlite.Message);
        var sqlServer = Assert.Throws<NotSupportedException>(() => new JobsMigrator(JobsDatabase.SqlServer, "Server=nowhere").RolesScript());
        Assert.Contains("jobs migrate roles", sqlServer.Message);
    }

    [Fact]
    public void A_missing_database_is_rejected()
        => Assert.Throws<ArgumentNullException>(() => new JobsMigrator(null!, "Data Source=:memory:"));
}
