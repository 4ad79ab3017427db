namespace Jobs.Storage;

/// <summary>
/// Which jobs to list, newest first: optional stored states, queue and task, ids in [<see cref="IdFrom"/>,
/// <see cref="IdBefore"/>) (ids are UUIDv7, so an id range is a creation-time range and a keyset page), an argument
/// whose value at <see cref="ArgPath"/> equals the JSON <see cref="ArgValueJson"/>, at most <see cref="Limit"/>.
/// </summary>
internal sealed record JobFilter(string? State = null, string? Queue = null, string? Task = null, int Limit = 50)
{
    /// <summary>Any of these stored states (instead of <see cref="State"/>); null: any state.</summary>
    public IReadOnlyList<string>? States { get; init; }
    public Guid IdFrom { get; init; } = Guid.Empty;
    public Guid IdBefore { get; init; } = JobIds.Max;
    /// <summary>The property names from the arguments' root to the compared value, e.g. ["customer", "name"]; null: no argument filter.</summary>
    public IReadOnlyList<string>? ArgPath { get; init; }
    /// <summary>The value the argument must equal, as JSON (<c>"ACME"</c>, <c>42</c>, <c>true</c>).</summary>
    public string? ArgValueJson { get; init; }

    /// <summary>The stored states to match, or null for all.</summary>
    public string[]? StateList => States is { Count: > 0 } s ? [.. s] : State is { } one ? [one] : null;
}
