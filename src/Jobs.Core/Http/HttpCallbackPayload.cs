using System.Text.Json.Serialization;

namespace Jobs;

/// <summary>
/// The JSON body a jobs.http callback POSTs: which job, how it ended (SUCCESS, or FAILURE on its last attempt), the
/// answer it got (also on a failed status), and the error. Sent after the job's final attempt only.
/// </summary>
public sealed record HttpCallbackPayload
{
    /// <summary>The job's id.</summary>
    [JsonPropertyName("jobId")] public Guid JobId { get; init; }
    /// <summary>The task name, <c>jobs.http</c>.</summary>
    [JsonPropertyName("task")] public string Task { get; init; } = HttpTask.Name;
    /// <summary><c>SUCCESS</c> or <c>FAILURE</c>.</summary>
    [JsonPropertyName("state")] public string State { get; init; } = "";
    /// <summary>The attempt that ended the job, from 1.</summary>
    [JsonPropertyName("attempt")] public int Attempt { get; init; }
    /// <summary>The answer (the job's result on SUCCESS), or null when none came.</summary>
    [JsonPropertyName("result")] public HttpTaskResult? Result { get; init; }
    /// <summary>The job's error (<c>Type: message</c>) on FAILURE.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }
}
