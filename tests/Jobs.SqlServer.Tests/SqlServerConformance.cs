using Jobs.Conformance;

namespace Jobs.SqlServer.Tests;

// The whole conformance suite, run against SQL Server (JOBS_TEST_SQLSERVER, or a container where Docker exists):
// each test gets a fresh migrated schema. Without a server every test here is reported skipped (ServerGatedFramework).
public sealed class SqlServerEnqueueTests : EnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerClaimTests : ClaimConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerCompleteTests : CompleteConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerLeaseTests : LeaseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerPruneTests : PruneConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerWorkerTests : WorkerConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerShutdownTests : ShutdownConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerAdminTests : AdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerJobAdminTests : JobAdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerQueuePauseTests : QueuePauseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerPoisonOutcomeTests : PoisonOutcomeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerAttemptOwnershipTests : AttemptOwnershipConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerDisposeTests : DisposeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerBeatTests : BeatConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerTimeLimitTests : TimeLimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerLimitTests : LimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerCanvasTests : CanvasConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerTraceParentTests : TraceParentConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerPayloadTests : PayloadConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerPayloadSecurityTests : PayloadSecurityConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerComponentsTests : ComponentsConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerWorkerMonitoringTests : WorkerMonitoringConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerMonitorTests : MonitorConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerReportTests : ReportConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerRetryPolicyTests : RetryPolicyConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerAttemptHistoryTests : AttemptHistoryConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerUniqueTests : UniqueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }
public sealed class SqlServerDapperEnqueueTests : DapperEnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync(); }

public sealed class SqlServerClockAheadTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync();
}

public sealed class SqlServerClockBehindTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(-10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqlServerHarness.CreateAsync();
}

/// <summary>Fails when a conformance suite has no SQL Server subclass above.</summary>
public sealed class SqlServerSuiteCoverageTests : SuiteCoverage;
