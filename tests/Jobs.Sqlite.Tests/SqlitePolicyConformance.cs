using Jobs.Conformance;

namespace Jobs.Sqlite.Tests;

// Retry policy, attempt history, unique jobs and transactional enqueue with Dapper, on SQLite.
public sealed class SqliteRetryPolicyTests : RetryPolicyConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteAttemptHistoryTests : AttemptHistoryConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteUniqueTests : UniqueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteDapperEnqueueTests : DapperEnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
