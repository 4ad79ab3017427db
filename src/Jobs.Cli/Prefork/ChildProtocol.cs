using System.Globalization;

namespace Jobs.Cli.Prefork;

/// <summary>A message a pool child sends its supervisor: one line on the child's stdout.</summary>
internal abstract record ChildMessage
{
    /// <summary><c>ready WORKER</c>: the child's worker runs (and claims) under this name.</summary>
    public sealed record Ready(string Worker) : ChildMessage;

    /// <summary><c>started ID ATTEMPT HARD_LIMIT_MS|-</c>: an attempt starts, with its resolved hard time limit.</summary>
    public sealed record Started(Guid Id, int Attempt, TimeSpan? HardLimit) : ChildMessage;

    /// <summary>
    /// <c>finished ID ATTEMPT [SUCCESS|FAILURE|RETRY|-]</c>: the attempt ended (with that outcome; - when the worker gave it
    /// up); its outcome (if any) is written before the child exits.
    /// </summary>
    public sealed record Finished(Guid Id, int Attempt, string? Outcome = null) : ChildMessage;

    /// <summary><c>recycling REASON</c>: the child claims no more and exits with <see cref="ChildProtocol.RecycledExitCode"/>.</summary>
    public sealed record Recycling(string Reason) : ChildMessage;
}

/// <summary>
/// The line protocol from a process-pool child to its supervisor (the child's stdout; task output goes to stderr).
/// The supervisor's only message to a child is closing its stdin: stop gracefully.
/// </summary>
internal static class ChildProtocol
{
    /// <summary>A child that stopped itself to be replaced (max tasks or memory reached, or a job's code was abandoned).</summary>
    public const int RecycledExitCode = 75;

    public static string Format(ChildMessage message) => message switch
    {
        ChildMessage.Ready r => $"ready {r.Worker}",
        ChildMessage.Started s => $"started {s.Id} {s.Attempt} {(s.HardLimit is { } h ? ((long)Math.Ceiling(h.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) : "-")}",
        ChildMessage.Finished f => $"finished {f.Id} {f.Attempt} {f.Outcome ?? "-"}",
        ChildMessage.Recycling r => $"recycling {r.Reason.ReplaceLineEndings(" ")}",
        _ => throw new ArgumentOutOfRangeException(nameof(message)),
    };

    /// <summary>Reads one line; null when it is not a message (a child never writes anything else to stdout, but be lenient).</summary>
    public static ChildMessage? Parse(string line)
    {
        var parts = line.Split(' ', 2);
        var rest = parts.Length > 1 ? parts[1] : "";
        switch (parts[0])
        {
            case "ready" when rest.Length > 0:
                return new ChildMessage.Ready(rest);
            case "recycling":
                return new ChildMessage.Recycling(rest);
            case "started":
            {
                var f = rest.Split(' ');
                if (f.Length != 3 || !Guid.TryParse(f[0], out var id) || !TryInt(f[1], out var attempt)) return null;
                if (f[2] == "-") return new ChildMessage.Started(id, attempt, null);
                return long.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                    ? new ChildMessage.Started(id, attempt, TimeSpan.FromMilliseconds(ms)) : null;
            }
            case "finished":
            {
                var f = rest.Split(' ');
                if (f.Length is < 2 or > 3 || !Guid.TryParse(f[0], out var id) || !TryInt(f[1], out var attempt)) return null;
                return new ChildMessage.Finished(id, attempt, f.Length == 3 && f[2] != "-" ? f[2] : null);
            }
            default:
                return null;
        }
    }

    private static bool TryInt(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
