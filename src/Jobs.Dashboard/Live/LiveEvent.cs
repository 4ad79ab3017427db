using System.Text.Json;

namespace Jobs.Dashboard.Live;

/// <summary>What the stream tells a browser of a stored event: no arguments, results or tracebacks (payloads stay on the server).</summary>
internal sealed record LiveEvent(long Id, string Type, DateTimeOffset Timestamp, Guid? JobId, string? Task, string? Queue, string? Worker,
    string? Detail)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LiveEvent From(JobEvent e) => new(e.Id, e.Type, e.Timestamp, e.JobId, e.Task, e.Queue, e.Worker ?? e.Hostname, Describe(e));

    /// <summary>The part of an event worth a glance: its exception, run time, or who did what.</summary>
    public static string? Describe(JobEvent e) => e.Type switch
    {
        JobEventTypes.AdminAction => $"{e.User} {e.Action}" + (e.Target is null ? "" : $" {e.Target}") + (e.Count is { } n ? $" ({n} jobs)" : ""),
        JobEventTypes.TaskFailed or JobEventTypes.TaskRetried or JobEventTypes.TaskRevoked => e.Exception,
        JobEventTypes.TaskSucceeded => e.Runtime is { } r ? $"{r:0.###} s" : null,
        JobEventTypes.WorkerOffline => e.Reason,
        _ => null,
    };
}
