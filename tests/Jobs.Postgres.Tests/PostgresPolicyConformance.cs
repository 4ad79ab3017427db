using Jobs.Conformance;

namespace Jobs.Postgres.Tests;

// Retry policy, attempt history, unique jobs and transactional enqueue with Dapper, on PostgreSQL.
public sealed class PostgresRetryPolicyTests : RetryPolicyConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresAttemptHistoryTests : AttemptHistoryConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresUniqueTests : UniqueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresDapperEnqueueTests : DapperEnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
