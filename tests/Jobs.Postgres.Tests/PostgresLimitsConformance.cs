using Jobs.Conformance;
using Xunit;

namespace Jobs.Postgres.Tests;

// Name rules and payload limits on PostgreSQL.
public sealed class PostgresNameRulesTests : NameRulesConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync();
    protected override string JobTable => Jobs.Storage.SchemaName.QuoteDouble(((PostgresHarness)Harness).Schema) + ".job";
}

public sealed class PostgresPayloadLimitTests : PayloadLimitConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync();
    protected override string JobTable => Jobs.Storage.SchemaName.QuoteDouble(((PostgresHarness)Harness).Schema) + ".job";
}

/// <summary>A schema name that would need quoting is refused when the store is chosen, before any connection.</summary>
public sealed class PostgresSchemaNameTests
{
    [Theory]
    [InlineData("x\"; drop table job; --")]
    [InlineData("jobs; drop schema public")]
    [InlineData("a b")]
    [InlineData("")]
    public void UsePostgres_refuses_a_schema_name_that_is_not_a_plain_identifier(string schema)
    {
        var ex = Assert.Throws<ArgumentException>(() => new JobsOptions().UsePostgres("Host=localhost", o => o.Schema = schema));
        Assert.StartsWith("Schema name '", ex.Message);
    }
}
