using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// Steps run one after another (Celery's chain). Each step is released in the transaction that records the previous
/// step's success, with that result as its arguments unless it is immutable; a step after a group receives the
/// group's results as a JSON array in member order. A failed or revoked step fails every later step
/// ("ChainError: step ID failed: ERROR").
/// </summary>
public sealed record Chain : Canvas
{
    /// <summary>A chain of <paramref name="steps"/>.</summary>
    [JsonConstructor]
    public Chain(IReadOnlyList<Canvas> steps) => Steps = steps;

    /// <summary>A chain of <paramref name="steps"/>.</summary>
    public Chain(params Canvas[] steps) : this((IReadOnlyList<Canvas>)steps) { }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<Canvas> Steps { get; init; }
}
