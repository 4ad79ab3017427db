using Jobs.Conformance;

namespace Jobs.Sqlite.Tests;

// Name rules and payload limits on SQLite (no schemas: the tables live in the database file).
public sealed class SqliteNameRulesTests : NameRulesConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync();
    protected override string JobTable => "job";
}

public sealed class SqlitePayloadLimitTests : PayloadLimitConformance
{
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync();
    protected override string JobTable => "job";
}
