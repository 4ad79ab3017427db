using System.Text.Json;

namespace Jobs.Cli.Output;

/// <summary>A job as <c>--json</c> prints it: arguments and result embedded as JSON, not as strings.</summary>
internal sealed record JobView(
    Guid Id, string Task, string Queue, short Priority, string State, JsonElement? Args, JsonElement? Result,
    string? Error, string? Traceback, int Attempt, int MaxAttempts, DateTimeOffset RunAt, DateTimeOffset? ExpiresAt,
    string? Worker, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    /// <summary>The job's ended attempts; only <c>jobs status</c> reads them (null elsewhere, and then not printed).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AttemptView>? Attempts { get; init; }

    /// <summary>The payload's content type when it is not JSON (README "Payloads: codecs and compression"); null (not printed) for JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentType { get; init; }
    /// <summary>The payload's content encoding (compression, encryption); null (not printed) when none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentEncoding { get; init; }
    /// <summary>Why the arguments or result could not be decoded; null (not printed) when they were.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? PayloadError { get; init; }
    /// <summary>For a signed job, whether its signature verified here (see <see cref="JobInfo.SignatureCheck"/>); null (not printed) when unsigned.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Signature { get; init; }

    public static JobView From(JobInfo j) => new(
        j.Id, j.Task, j.Queue, j.Priority, j.State, JsonOutput.Element(j.Args), JsonOutput.Element(j.Result),
        j.Error, j.Traceback, j.Attempt, j.MaxAttempts, j.RunAt, j.ExpiresAt, j.Worker, j.CreatedAt, j.StartedAt, j.FinishedAt)
    {
        ContentType = j.ContentType == Payloads.ContentTypes.Json ? null : j.ContentType,
        ContentEncoding = j.ContentEncoding,
        PayloadError = j.PayloadError,
        Signature = j.SignatureCheck,
    };
}
