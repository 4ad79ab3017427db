using Jobs.Limits;
using Jobs.Storage;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>
/// Every <see cref="IStoreExecutor"/> method called with sample arguments (several calls where a method picks one of
/// several statements), for the offline checks of what each statement binds.
/// </summary>
internal static class ExecutorCalls
{
    private static readonly Guid Id = Guid.CreateVersion7();
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static NewJob Job(Guid? id = null, NewJobUnique? unique = null, TimeSpan? delay = null) => new()
    {
        Id = id ?? Guid.CreateVersion7(), Task = "t", Queue = "default", ArgsJson = "42", MaxAttempts = 3, RetryBackoffMs = 1000,
        RetryBackoffMaxMs = 60000, Unique = unique, Delay = delay ?? TimeSpan.Zero, RetryFor = ["System.TimeoutException"],
    };

    private static readonly ClaimRequest OneQueue = new("w1", ["default"], 10, TimeSpan.FromSeconds(30));
    private static readonly ClaimRequest TwoQueues = new("w1", ["default", "other"], 10, TimeSpan.FromSeconds(30));

    private static LimitPlan Plan() => new([new LimitState(LimitScope.Queue, "default", 1, 5, 1, 1000, 2, 0)]);

    private static readonly ScheduleDefinition Schedule = new("s", "t", "{}", "default", 0, "* * * * *", null, "UTC", ScheduleDefinition.RunOnce);

    private static WorkflowPlan Workflow(bool groups)
    {
        var root = Guid.CreateVersion7();
        var group = Guid.CreateVersion7();
        return new WorkflowPlan(
            [new WorkflowJob { Job = Job(root), RootId = root, GroupId = groups ? group : null, GroupIndex = groups ? 0 : null },
             new WorkflowJob { Job = Job(), RootId = root, ParentId = root, Errback = true }],
            groups ? [new WorkflowGroup(group, root, 1)] : []);
    }

    /// <summary>(method name, call) for every executor method; a method may appear more than once.</summary>
    public static readonly IReadOnlyList<(string Method, Func<IStoreExecutor, ValueTask> Call)> All =
    [
        ("ClockNowAsync", async x => await x.ClockNowAsync()),
        ("JobInsertManyAsync", x => x.JobInsertManyAsync([Job()])),
        ("JobInsertManyAsync", x => x.JobInsertManyAsync([.. Enumerable.Range(0, 150).Select(_ => Job())])),
        ("JobInsertManyAsync", x => x.JobInsertManyAsync([.. Enumerable.Range(0, 150).Select(_ => Job(delay: TimeSpan.FromMinutes(1)))])),
        ("JobInsertUniqueAsync", async x => await x.JobInsertUniqueAsync(Job(unique: new NewJobUnique("k", TimeSpan.FromMinutes(5), [JobState.Pending])))),
        ("JobClaimManyAsync", async x => await x.JobClaimManyAsync(OneQueue)),
        ("JobClaimManyAsync", async x => await x.JobClaimManyAsync(TwoQueues)),
        ("JobClaimByIdManyAsync", async x => await x.JobClaimByIdManyAsync(OneQueue, [Id], At)),
        ("JobNextRunDelayAsync", async x => await x.JobNextRunDelayAsync(["default"])),
        ("JobFinishManyAsync", async x => await x.JobFinishManyAsync("w1",
            [new JobOutcome { Id = Id, Attempt = 1, Kind = OutcomeKind.Retry, Error = "e", RetryDelay = TimeSpan.FromSeconds(3) }])),
        ("JobLeaseExtendManyAsync", async x => await x.JobLeaseExtendManyAsync("w1", [new HeldJob(Id, 1)], TimeSpan.FromSeconds(30))),
        ("JobReleaseManyAsync", async x => await x.JobReleaseManyAsync("w1", [new HeldJob(Id, 1)])),
        ("JobRescueManyAsync", async x => await x.JobRescueManyAsync(100)),
        ("JobPruneManyAsync", async x => await x.JobPruneManyAsync(TimeSpan.FromDays(1), 1000)),
        ("JobGetManyAsync", async x => await x.JobGetManyAsync([Id])),
        ("JobAttemptListAsync", async x => await x.JobAttemptListAsync(Id)),
        ("JobListAsync", async x => await x.JobListAsync(new JobFilter(Queue: "default") { ArgPath = ["customer", "name"], ArgValueJson = "\"ACME\"" })),
        ("JobListAsync", async x => await x.JobListAsync(new JobFilter(JobState.Failure))),
        ("JobCountByQueueAsync", async x => await x.JobCountByQueueAsync()),
        ("JobRetryManyAsync", async x => await x.JobRetryManyAsync([Id])),
        ("JobRetryManyAsync", async x => await x.JobRetryManyAsync(null)),
        ("JobRevokeManyAsync", async x => await x.JobRevokeManyAsync([Id], "revoked", true)),
        ("JobDeleteManyAsync", async x => await x.JobDeleteManyAsync([Id])),
        ("JobRelativeListAsync", async x => await x.JobRelativeListAsync(Id)),
        ("JobDeleteWaitingAsync", async x => await x.JobDeleteWaitingAsync("default")),
        ("JobDeleteFinishedAsync", async x => await x.JobDeleteFinishedAsync(null, At)),
        ("QueuePauseAsync", async x => await x.QueuePauseAsync("default")),
        ("QueueResumeAsync", async x => await x.QueueResumeAsync("default")),
        ("QueueListAsync", async x => await x.QueueListAsync()),
        ("LimitStateListAsync", async x => await x.LimitStateListAsync(["default"])),
        ("LimitCandidateListAsync", async x => await x.LimitCandidateListAsync(["default"], Plan(), 10)),
        ("LimitTokenSetManyAsync", x => x.LimitTokenSetManyAsync([new TokenWrite(LimitScope.Queue, "default", 2.5)], At)),
        ("LimitNextRunDelayAsync", async x => await x.LimitNextRunDelayAsync(["default"], Plan())),
        ("LimitWaitingExistsAsync", async x => await x.LimitWaitingExistsAsync(["default"])),
        ("LimitRateSetAsync", async x => await x.LimitRateSetAsync(LimitScope.Task, "t", RateLimit.Parse("10/m"))),
        ("LimitRateClearAsync", async x => await x.LimitRateClearAsync(LimitScope.Task, "t")),
        ("LimitConcurrencySetAsync", async x => await x.LimitConcurrencySetAsync(LimitScope.Queue, "default", 3)),
        ("LimitConcurrencyClearAsync", async x => await x.LimitConcurrencyClearAsync(LimitScope.Queue, "default")),
        ("LimitDeclareManyAsync", async x => await x.LimitDeclareManyAsync([LimitDeclaration.From(LimitScope.Queue, "default", "10/s", null, 2)!])),
        ("LimitListAsync", async x => await x.LimitListAsync()),
        ("ScheduleUpsertManyAsync", async x => await x.ScheduleUpsertManyAsync([new ScheduleUpsert(Schedule, At)])),
        ("ScheduleDueListAsync", async x => await x.ScheduleDueListAsync(At, 10)),
        ("ScheduleAdvanceManyAsync", x => x.ScheduleAdvanceManyAsync([new ScheduleAdvance("s", At, At, Id)])),
        ("ScheduleNextDueDelayAsync", async x => await x.ScheduleNextDueDelayAsync()),
        ("ScheduleListAsync", async x => await x.ScheduleListAsync()),
        ("ScheduleDeleteAsync", async x => await x.ScheduleDeleteAsync("s")),
        ("ScheduleEnabledSetAsync", async x => await x.ScheduleEnabledSetAsync("s", false)),
        ("WorkflowInsertAsync", x => x.WorkflowInsertAsync(Workflow(groups: true))),
        ("WorkflowInsertAsync", x => x.WorkflowInsertAsync(Workflow(groups: false))),
        ("WorkflowSucceededManyAsync", async x => await x.WorkflowSucceededManyAsync([Id])),
        ("WorkflowGroupReleaseManyAsync", x => x.WorkflowGroupReleaseManyAsync([Id])),
        ("WorkflowFailedManyAsync", async x => await x.WorkflowFailedManyAsync([Id])),
        ("WorkflowStrandedListAsync", async x => await x.WorkflowStrandedListAsync(10)),
        ("WorkflowRevokeAsync", async x => await x.WorkflowRevokeAsync(Id, "revoked", false)),
        ("WorkflowGroupPruneManyAsync", async x => await x.WorkflowGroupPruneManyAsync(TimeSpan.FromDays(1), 100)),
        ("WorkerRegisterAsync", x => x.WorkerRegisterAsync(Worker)),
        ("WorkerHeartbeatAsync", async x => await x.WorkerHeartbeatAsync(Worker, new WorkerLoad(1, 2))),
        ("WorkerStopAsync", x => x.WorkerStopAsync("w1")),
        ("WorkerSweepAsync", async x => await x.WorkerSweepAsync(TimeSpan.FromHours(1))),
        ("WorkerListAsync", async x => await x.WorkerListAsync(true)),
        ("EventInsertManyAsync", x => x.EventInsertManyAsync([new JobEvent { Type = "task-succeeded", Timestamp = At, JobId = Id, Task = "t" }])),
        ("EventListAsync", async x => await x.EventListAsync(0, 100)),
        ("EventLastIdAsync", async x => await x.EventLastIdAsync()),
        ("EventPruneAsync", async x => await x.EventPruneAsync(TimeSpan.FromDays(7))),
        ("ControlSendAsync", async x => await x.ControlSendAsync("ping", "{}", null, TimeSpan.FromSeconds(10))),
        ("ControlListAsync", async x => await x.ControlListAsync(0, "w1")),
        ("ControlLastIdAsync", async x => await x.ControlLastIdAsync()),
        ("ControlReplyInsertAsync", x => x.ControlReplyInsertAsync(1, "w1", "{\"ok\":true}")),
        ("ControlReplyListAsync", async x => await x.ControlReplyListAsync(1)),
        ("ControlPruneAsync", async x => await x.ControlPruneAsync()),
        ("ReportThroughputListAsync", async x => await x.ReportThroughputListAsync(At)),
        ("ReportThroughputListAsync", async x => await x.ReportThroughputListAsync(null)),
        ("ReportRuntimeListAsync", async x => await x.ReportRuntimeListAsync(At)),
        ("ReportRuntimeListAsync", async x => await x.ReportRuntimeListAsync(null)),
        ("ReportQueueListAsync", async x => await x.ReportQueueListAsync()),
    ];

    private static WorkerRegistration Worker => new()
    {
        Name = "w1", Hostname = "h", Pid = 1, Queues = ["default"], Pool = "async", Concurrency = 4, Version = "1.0",
        HeartbeatInterval = TimeSpan.FromSeconds(2),
    };
}
