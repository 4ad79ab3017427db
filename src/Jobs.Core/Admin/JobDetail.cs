namespace Jobs;

/// <summary>One job with every attempt (<see cref="Attempts"/>, in order) and its workflow relatives.</summary>
public sealed record JobDetail(JobInfo Job, IReadOnlyList<JobAttempt> Attempts, IReadOnlyList<JobRelative> Relatives)
{
    /// <summary>The job whose end released this one.</summary>
    public JobInfo? Parent => Relatives.FirstOrDefault(r => r.Relation == JobRelative.ParentRelation)?.Job;
    /// <summary>The jobs this one's end releases: the next steps of a chain, link and link_error callbacks.</summary>
    public IEnumerable<JobInfo> Children => Of(JobRelative.ChildRelation);
    /// <summary>The other members of its group, in member order.</summary>
    public IEnumerable<JobInfo> GroupMembers => Of(JobRelative.MemberRelation);
    /// <summary>The jobs waiting for its group (a chord's callback).</summary>
    public IEnumerable<JobInfo> Callbacks => Of(JobRelative.CallbackRelation);
    /// <summary>The first job of its workflow, when that is another job.</summary>
    public JobInfo? Root => Relatives.FirstOrDefault(r => r.Relation == JobRelative.RootRelation)?.Job;

    private IEnumerable<JobInfo> Of(string relation) => Relatives.Where(r => r.Relation == relation).Select(r => r.Job);
}

/// <summary>A job related to another in a workflow: <see cref="Relation"/> is parent, child, member, callback or root.</summary>
public sealed record JobRelative(string Relation, JobInfo Job)
{
    public const string ParentRelation = "parent";
    public const string ChildRelation = "child";
    public const string MemberRelation = "member";
    public const string CallbackRelation = "callback";
    public const string RootRelation = "root";
}
