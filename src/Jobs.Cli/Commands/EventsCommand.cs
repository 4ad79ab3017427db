using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs events [--follow] [--from-start] [--limit N] [--type T] [--json]</c>: the stored events (workers run with
/// <c>--events</c>; clients enqueue with <c>--events</c>), one line each, oldest first; with <c>--follow</c> new ones as they
/// arrive until Ctrl+C or SIGTERM. <c>--json</c>: one <see cref="JobEvent"/> object per line, flushed at once.
/// </summary>
internal static class EventsCommand
{
    /// <summary>A <see cref="JobEvent"/> per line: camelCase, nulls left out, no indentation.</summary>
    private static readonly JsonSerializerOptions LineJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // args and result stay readable: {"x": 1}
    };

    public static Command Create(GlobalOptions globals)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events as they are stored, until Ctrl+C." };
        var fromStart = new Option<bool>("--from-start") { Description = "Start from the oldest stored event (with --follow: then keep following)." };
        var limit = CliOptions.Integer("--limit", "Without --follow: print the newest N stored events (with --from-start: the oldest N).", 100, min: 1);
        var types = new Option<string[]>("--type", "-t")
        {
            Description = "Only events of this type (repeatable; a trailing * matches a prefix, e.g. task-*).",
            HelpName = "type",
            DefaultValueFactory = _ => [],
        };
        var command = new Command("events", "Print the stored task and worker events (with --follow, as they happen).") { follow, fromStart, limit, types };
        return command.WithAction(globals, async (ctx, ct) =>
        {
            var filter = Filter(ctx.Get(types) ?? []);
            await using var session = ctx.OpenSession();
            var control = session.Control;
            try
            {
                if (!ctx.Get(follow))
                {
                    var events = ctx.Get(fromStart)
                        ? await control.ReadEventsAsync(0, ctx.Get(limit), ct)
                        : await control.ReadNewestEventsAsync(ctx.Get(limit), ct);
                    foreach (var e in events.Where(filter)) Write(e, ctx.Json);
                    if (events.Count == 0 && !ctx.Json)
                        Console.Error.WriteLine("no events stored (workers store them when run with --events, clients with enqueue --events)");
                    return ExitCodes.Success;
                }
                using var interruption = new Interruption(ct);
                await session.ProbeAsync(interruption.Token);
                try
                {
                    await foreach (var e in control.FollowEventsAsync(ctx.Get(fromStart), interruption.Token))
                        if (filter(e)) Write(e, ctx.Json);
                }
                catch (OperationCanceledException) when (interruption.Token.IsCancellationRequested) { }
                return ExitCodes.Success;
            }
            catch (IOException) when (ReaderGone())
            {
                return ExitCodes.Success; // the pipe's reader went away (e.g. | head)
            }
        });
    }

    private static bool ReaderGone()
    {
        try { Console.Out.Flush(); return false; }
        catch (IOException) { return true; }
    }

    private static Func<JobEvent, bool> Filter(string[] types)
    {
        if (types.Length == 0) return _ => true;
        var exact = types.Where(t => !t.EndsWith('*')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var prefixes = types.Where(t => t.EndsWith('*')).Select(t => t[..^1]).ToList();
        return e => exact.Contains(e.Type) || prefixes.Any(p => e.Type.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    private static void Write(JobEvent e, bool json)
    {
        Console.Out.WriteLine(json ? JsonSerializer.Serialize(e, LineJson) : Line(e));
        Console.Out.Flush();
    }

    /// <summary>One event as a line: time (UTC), type, job id, task, worker, then what matters for its type.</summary>
    internal static string Line(JobEvent e)
    {
        var parts = new List<string>
        {
            e.Timestamp.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
            e.Type.PadRight(16),
        };
        if (e.IsTaskEvent)
        {
            parts.Add(e.JobId?.ToString() ?? "-");
            parts.Add(e.Task ?? "-");
            parts.Add(e.Worker ?? "-");
        }
        else
        {
            parts.Add(e.Worker ?? e.Hostname ?? "-");
        }
        var salient = Salient(e);
        if (salient.Length > 0) parts.Add(salient);
        return string.Join("  ", parts);
    }

    private static string Salient(JobEvent e)
    {
        var s = new List<string>();
        switch (e.Type)
        {
            case JobEventTypes.TaskSent:
            case JobEventTypes.TaskReceived:
                if (e.Queue is not null) s.Add($"queue={e.Queue}");
                if (e.Args is not null) s.Add($"args={Short(JsonOutput.Compact(e.Args))}");
                if (e.Eta is { } eta) s.Add($"eta={eta.ToUniversalTime():yyyy-MM-dd HH:mm:ss}");
                break;
            case JobEventTypes.TaskStarted:
                if (e.Attempt is { } a) s.Add($"attempt={a}");
                if (e.Pid is { } pid) s.Add($"pid={pid}");
                break;
            case JobEventTypes.TaskSucceeded:
                if (e.Runtime is { } r) s.Add($"runtime={Seconds(r)}");
                if (e.Result is not null) s.Add($"result={Short(JsonOutput.Compact(e.Result))}");
                break;
            case JobEventTypes.TaskFailed:
            case JobEventTypes.TaskRetried:
                if (e.Runtime is { } rt) s.Add($"runtime={Seconds(rt)}");
                if (e.Attempt is { } at) s.Add($"attempt={at}");
                if (e.Exception is not null) s.Add($"exception={Short(e.Exception)}");
                break;
            case JobEventTypes.TaskRevoked:
                if (e.Exception is not null) s.Add($"reason={Short(e.Exception)}");
                if (e.Terminated == true) s.Add("terminated");
                if (e.Expired == true) s.Add("expired");
                break;
            case JobEventTypes.AdminAction:
                if (e.User is not null) s.Add($"user={e.User}");
                if (e.Action is not null) s.Add($"action={e.Action}");
                if (e.Target is not null) s.Add($"target={Short(e.Target)}");
                if (e.Count is { } count) s.Add($"count={count}");
                break;
            default: // worker events
                if (e.Hostname is not null) s.Add($"host={e.Hostname}");
                if (e.Pid is { } wpid) s.Add($"pid={wpid}");
                if (e.Active is { } active) s.Add($"active={active}");
                if (e.Processed is { } processed) s.Add($"processed={processed}");
                if (e.Reason is not null) s.Add($"reason={e.Reason}");
                break;
        }
        return string.Join(" ", s);
    }

    private static string Seconds(double seconds) => seconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static string Short(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 80 ? text : text[..79] + "…";
    }
}
