using System.Text.Json;

namespace Jobs;

/// <summary>One worker's reply to a remote-control command (<see cref="JobControl"/>).</summary>
/// <param name="Worker">The worker's name.</param>
/// <param name="Reply">The reply: an object with the command's fields, <c>{"ok": ...}</c>, or <c>{"error": "..."}</c>.</param>
/// <param name="At">When the reply was stored (database clock).</param>
public sealed record WorkerReply(string Worker, JsonElement Reply, DateTimeOffset At)
{
    /// <summary>The error the worker answered with, or null.</summary>
    public string? Error => Reply.ValueKind == JsonValueKind.Object && Reply.TryGetProperty("error", out var e) ? e.GetString() : null;
}
