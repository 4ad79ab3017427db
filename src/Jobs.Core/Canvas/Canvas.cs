using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// A workflow description (Celery's canvas): a <see cref="Signature"/>, <see cref="Chain"/>, <see cref="Group"/> or
/// <see cref="Chord"/>, with success callbacks (<see cref="Links"/>) and error callbacks (<see cref="ErrorLinks"/>).
/// Immutable and serializable to JSON (<see cref="ToJson"/>, <see cref="FromJson"/>), so a workflow can be stored and
/// applied later. Apply it with <see cref="IJobClient.ApplyAsync(Canvas, CancellationToken)"/>: every job of it is inserted in one transaction.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Signature), "signature")]
[JsonDerivedType(typeof(Chain), "chain")]
[JsonDerivedType(typeof(Group), "group")]
[JsonDerivedType(typeof(Chord), "chord")]
public abstract record Canvas
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Run on success with this workflow's result as arguments (unless immutable): Celery's <c>link</c>.</summary>
    public IReadOnlyList<Canvas> Links { get; init; } = [];

    /// <summary>
    /// Run when this workflow fails or is revoked (Celery's <c>link_error</c>), with
    /// <c>{"id", "task", "state", "error", "traceback"}</c> of the failed job as arguments (unless immutable).
    /// On a signature, chain or chord it is attached to the final job (a failing earlier step fails the later ones, so
    /// it runs once); on a group, to every member.
    /// </summary>
    public IReadOnlyList<Canvas> ErrorLinks { get; init; } = [];

    /// <summary>The same canvas with <paramref name="callback"/> added to <see cref="Links"/>.</summary>
    public Canvas Link(Canvas callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return this with { Links = [.. Links, callback] };
    }

    /// <summary>The same canvas with <paramref name="errback"/> added to <see cref="ErrorLinks"/>.</summary>
    public Canvas LinkError(Canvas errback)
    {
        ArgumentNullException.ThrowIfNull(errback);
        return this with { ErrorLinks = [.. ErrorLinks, errback] };
    }

    /// <summary>A chain of this canvas followed by <paramref name="next"/> (Celery's <c>a | b</c>).</summary>
    public Chain Then(Canvas next) => new([this, next]);

    /// <summary>The canvas as JSON; arguments are serialized with <paramref name="options"/> (default: web defaults).</summary>
    public string ToJson(JsonSerializerOptions? options = null) => JsonSerializer.Serialize(this, options ?? JsonOptions);

    /// <summary>Reads a canvas written by <see cref="ToJson"/>; arguments come back as <see cref="JsonElement"/>.</summary>
    public static Canvas FromJson(string json, JsonSerializerOptions? options = null)
        => JsonSerializer.Deserialize<Canvas>(json, options ?? JsonOptions) ?? throw new JsonException("The JSON is null, not a canvas.");
}
