using Jobs.Conformance;

namespace Jobs.Sqlite.Tests;

// The whole conformance suite, run against SQLite: each test gets a fresh migrated file.
public sealed class SqliteEnqueueTests : EnqueueConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteClaimTests : ClaimConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteCompleteTests : CompleteConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteLeaseTests : LeaseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqlitePruneTests : PruneConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteWorkerTests : WorkerConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteShutdownTests : ShutdownConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteAdminTests : AdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteJobAdminTests : JobAdminConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteQueuePauseTests : QueuePauseConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }

public sealed class SqliteClockAheadTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync();
}

public sealed class SqliteClockBehindTests : ClockConformance
{
    protected override TimeSpan Skew => TimeSpan.FromMinutes(-10);
    protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync();
}
public sealed class SqlitePoisonOutcomeTests : PoisonOutcomeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteAttemptOwnershipTests : AttemptOwnershipConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteDisposeTests : DisposeConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteBeatTests : BeatConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteTimeLimitTests : TimeLimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteLimitTests : LimitConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteCanvasTests : CanvasConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteTraceParentTests : TraceParentConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqlitePayloadTests : PayloadConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqlitePayloadSecurityTests : PayloadSecurityConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteComponentsTests : ComponentsConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteWorkerMonitoringTests : WorkerMonitoringConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteMonitorTests : MonitorConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }
public sealed class SqliteReportTests : ReportConformance { protected override async Task<StoreHarness> CreateHarnessAsync() => await SqliteHarness.CreateAsync(); }

/// <summary>Fails when a conformance suite has no SQLite subclass above.</summary>
public sealed class SqliteSuiteCoverageTests : SuiteCoverage;
