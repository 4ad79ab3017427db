using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// Members run in parallel (Celery's group); its result is the members' results as a JSON array in member order.
/// A group member that is itself a group (without links of its own) is flattened into it.
/// </summary>
public sealed record Group : Canvas
{
    /// <summary>A group of <paramref name="members"/>.</summary>
    [JsonConstructor]
    public Group(IReadOnlyList<Canvas> members) => Members = members;

    /// <summary>A group of <paramref name="members"/>.</summary>
    public Group(params Canvas[] members) : this((IReadOnlyList<Canvas>)members) { }

    /// <summary>The members, in order (results are aggregated in this order).</summary>
    public IReadOnlyList<Canvas> Members { get; init; }
}
