namespace Jobs;

/// <summary>
/// Which jobs <see cref="JobAdmin.SearchJobsAsync"/> finds, newest first. Every criterion is optional; a page ends
/// where <see cref="JobPage.Next"/> says the next begins (keyset paging: pages stay fast however deep).
/// </summary>
public sealed record JobSearch
{
    /// <summary>Any of these stored states (SCHEDULED, PENDING, RETRY, STARTED, SUCCESS, FAILURE, REVOKED).</summary>
    public IReadOnlyList<string>? States { get; init; }
    public string? Queue { get; init; }
    public string? Task { get; init; }
    /// <summary>Jobs created at or after this time.</summary>
    public DateTimeOffset? CreatedFrom { get; init; }
    /// <summary>Jobs created before this time.</summary>
    public DateTimeOffset? CreatedTo { get; init; }
    /// <summary>An argument's path, dot-separated from the arguments' root (<c>customer</c>, <c>customer.name</c>); with <see cref="ArgValue"/>.</summary>
    public string? ArgPath { get; init; }
    /// <summary>The value the argument at <see cref="ArgPath"/> must equal (a string, number, boolean or null), compared as JSON.</summary>
    public object? ArgValue { get; init; }
    /// <summary>Continue after this job (the <see cref="JobPage.Next"/> of the previous page); null: from the newest.</summary>
    public Guid? After { get; init; }
    /// <summary>At most this many jobs per page (1 to 1000). Default 50.</summary>
    public int Limit { get; init; } = 50;
}

/// <summary>One page of jobs, newest first; <see cref="Next"/> is the <see cref="JobSearch.After"/> of the next page (null: this was the last).</summary>
public sealed record JobPage(IReadOnlyList<JobInfo> Jobs, Guid? Next);
