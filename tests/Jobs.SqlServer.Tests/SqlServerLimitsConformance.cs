using Jobs.Conformance;
using Xunit;

namespace Jobs.SqlServer.Tests;

// Name rules and payload limits on SQL Server (skipped without a server, as the rest of the suite).
public sealed class SqlServerNameRulesTests : NameRulesConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync();
    protected override string JobTable => SqlServerSql.QuoteBracket(((SqlServerHarness)Harness).Schema) + ".job";
}

public sealed class SqlServerPayloadLimitTests : PayloadLimitConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync();
    protected override string JobTable => SqlServerSql.QuoteBracket(((SqlServerHarness)Harness).Schema) + ".job";
}
