namespace Jobs.Storage;

/// <summary>
/// A new job's uniqueness: it is inserted only if no job holds <see cref="Key"/>; a holder whose state is not among
/// its own stored unique states, or whose unique_until has passed, gives the key up to the new job.
/// </summary>
internal sealed record NewJobUnique(string Key, TimeSpan? Period, IReadOnlyList<string> States);
