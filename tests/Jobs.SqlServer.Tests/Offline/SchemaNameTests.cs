using Jobs.Migrations;
using Xunit;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>A schema name that would need quoting is refused when the store is chosen and by the migrator, before any connection.</summary>
public sealed class SchemaNameTests
{
    [Theory]
    [InlineData("x\"; drop table job; --")]
    [InlineData("jobs]; drop table job; --")]
    [InlineData("a b")]
    [InlineData("")]
    public void UseSqlServer_and_the_migrator_refuse_a_schema_name_that_is_not_a_plain_identifier(string schema)
    {
        var ex = Assert.Throws<ArgumentException>(() => new JobsOptions().UseSqlServer("Server=localhost", o => o.Schema = schema));
        Assert.StartsWith("Schema name '", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => JobsMigrator.FullScript(JobsDatabase.SqlServer, schema));
        Assert.StartsWith("Schema name '", ex.Message);
    }
}
