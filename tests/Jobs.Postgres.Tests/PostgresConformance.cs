using Jobs.Conformance;

namespace Jobs.Postgres.Tests;

// The whole conformance suite, run against PostgreSQL: each class gets a fresh migrated schema per test.
public sealed class PostgresEnqueueTests : EnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresClaimTests : ClaimConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresCompleteTests : CompleteConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresLeaseTests : LeaseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresPruneTests : PruneConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresWorkerTests : WorkerConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresShutdownTests : ShutdownConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresAdminTests : AdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresJobAdminTests : JobAdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresQueuePauseTests : QueuePauseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }

public sealed class PostgresClockAheadTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync();
}

public sealed class PostgresClockBehindTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(-10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync();
}
public sealed class PostgresPoisonOutcomeTests : PoisonOutcomeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresAttemptOwnershipTests : AttemptOwnershipConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresDisposeTests : DisposeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresBeatTests : BeatConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresTimeLimitTests : TimeLimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresLimitTests : LimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresCanvasTests : CanvasConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresTraceParentTests : TraceParentConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresPayloadTests : PayloadConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresPayloadSecurityTests : PayloadSecurityConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresComponentsTests : ComponentsConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresWorkerMonitoringTests : WorkerMonitoringConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresMonitorTests : MonitorConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }
public sealed class PostgresReportTests : ReportConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await PostgresHarness.CreateAsync(); }

/// <summary>Fails when a conformance suite has no PostgreSQL subclass above.</summary>
public sealed class PostgresSuiteCoverageTests : SuiteCoverage;
