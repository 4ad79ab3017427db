namespace Jobs;

/// <summary>The jobs an administration action (retry, revoke, delete) applies to: a list of ids, or every job a search finds.</summary>
public sealed class JobSelection
{
    private JobSelection(IReadOnlyList<Guid>? ids, JobSearch? search)
    {
        Ids = ids;
        Search = search;
    }

    /// <summary>These jobs.</summary>
    public IReadOnlyList<Guid>? Ids { get; }

    /// <summary>Every job this search finds (worked through server-side, in batches; <see cref="JobSearch.Limit"/> and <see cref="JobSearch.After"/> are ignored).</summary>
    public JobSearch? Search { get; }

    /// <summary>The jobs with these ids.</summary>
    public static JobSelection Of(params Guid[] ids) => new(ids ?? throw new ArgumentNullException(nameof(ids)), null);

    /// <summary>The jobs with these ids.</summary>
    public static JobSelection Of(IEnumerable<Guid> ids) => new([.. ids ?? throw new ArgumentNullException(nameof(ids))], null);

    /// <summary>Every job <paramref name="search"/> finds.</summary>
    public static JobSelection Matching(JobSearch search) => new(null, search ?? throw new ArgumentNullException(nameof(search)));
}
