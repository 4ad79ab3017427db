namespace Jobs.Storage;

/// <summary>
/// One job of a workflow. A job that waits (<see cref="ParentId"/> or <see cref="ParentGroupId"/> set) is stored
/// SCHEDULED at <see cref="WorkflowPlan.WaitingRunAt"/> until what it waits for ends; its <see cref="NewJob.Delay"/>
/// counts from its release.
/// </summary>
internal sealed record WorkflowJob
{
    public required NewJob Job { get; init; }
    public Guid RootId { get; init; }
    /// <summary>The job whose success (or, for an errback, failure) releases this one.</summary>
    public Guid? ParentId { get; init; }
    /// <summary>The group whose completion releases this one with the members' results.</summary>
    public Guid? ParentGroupId { get; init; }
    public Guid? GroupId { get; init; }
    public int? GroupIndex { get; init; }
    /// <summary>Keeps its own arguments when released.</summary>
    public bool Immutable { get; init; }
    /// <summary>Released when <see cref="ParentId"/> fails or is revoked; revoked when it succeeds.</summary>
    public bool Errback { get; init; }
    public bool Waiting => ParentId is not null || ParentGroupId is not null;
}

/// <summary>A group's counter row (table job_group): members that have not succeeded yet.</summary>
internal sealed record WorkflowGroup(Guid Id, Guid RootId, int Size);

/// <summary>Every job and group of one applied canvas, inserted in one transaction.</summary>
internal sealed record WorkflowPlan(IReadOnlyList<WorkflowJob> Jobs, IReadOnlyList<WorkflowGroup> Groups)
{
    /// <summary>
    /// The run_at of a waiting job: far in the future, so the claim (run_at &lt;= now) never takes it and no new
    /// state is needed. The stores' SQL spells it as a literal ('9999-12-31 00:00:00+00', '9999-12-31T00:00:00.000Z').
    /// </summary>
    public static readonly DateTimeOffset WaitingRunAt = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public Guid RootId => Jobs[0].RootId;
}
