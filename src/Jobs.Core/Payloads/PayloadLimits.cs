using System.Text;
using Jobs.Storage;

namespace Jobs;

/// <summary>
/// The size limits of payloads (<see cref="JobsOptions.MaxPayloadBytes"/>, <see cref="JobsOptions.MaxResultBytes"/>),
/// counted in UTF-8 bytes of the serialized JSON: an oversize enqueue is refused before anything is inserted, an
/// oversize result ends its attempt FAILURE "ResultTooLarge" (not retried).
/// </summary>
internal static class PayloadLimits
{
    /// <summary>The default of both limits: 1 MiB.</summary>
    public const int DefaultBytes = 1024 * 1024;

    /// <summary>The error type of an attempt whose result is over the limit.</summary>
    public const string ResultTooLarge = "ResultTooLarge";

    /// <summary>The UTF-8 size of <paramref name="json"/> when it may be over <paramref name="limit"/>, else null (no count needed).</summary>
    public static int? SizeOver(string? json, int limit)
    {
        if (json is null || (long)json.Length * 3 <= limit) return null; // a UTF-16 char is at most 3 UTF-8 bytes
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes > limit ? bytes : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the arguments of <paramref name="task"/> are over the limit.</summary>
    public static void CheckArgs(JobsOptions options, string task, string? argsJson)
    {
        if (ArgsError(options.MaxPayloadBytes, task, argsJson) is { } error) throw new ArgumentException(error, "args");
    }

    /// <summary>Why the arguments of <paramref name="task"/> are refused (over <paramref name="limit"/> bytes), or null when they fit.</summary>
    public static string? ArgsError(int limit, string task, string? argsJson)
        => SizeOver(argsJson, limit) is { } bytes
            ? $"Arguments of task '{task}' are {bytes} bytes (UTF-8 JSON), over the limit of {limit} bytes (JobsOptions.MaxPayloadBytes). " +
              "Store large data elsewhere and pass a reference."
            : null;

    /// <summary>Checks the arguments of every job (e.g. a workflow's, after its input was fed in).</summary>
    public static void CheckArgs(JobsOptions options, IEnumerable<NewJob> jobs)
    {
        foreach (var j in jobs) CheckArgs(options, j.Task, j.ArgsJson);
    }

    /// <summary>The error of a result over the limit ("N bytes exceeds the limit of M bytes"), or null when it fits.</summary>
    public static string? ResultError(JobsOptions options, string? resultJson)
        => SizeOver(resultJson, options.MaxResultBytes) is { } bytes
            ? $"result of {bytes} bytes exceeds the limit of {options.MaxResultBytes} bytes"
            : null;
}
