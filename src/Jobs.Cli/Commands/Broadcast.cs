using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// What <c>jobs inspect</c> and <c>jobs control</c> share: <c>--worker</c> and <c>--timeout</c>, the broadcast through
/// <see cref="JobControl"/>, the replies as JSON keyed by worker (as <c>celery inspect --json</c>), and the exit codes:
/// <see cref="ExitCodes.NoReply"/> when no worker replied, <see cref="ExitCodes.WorkerError"/> when one replied with an error.
/// </summary>
internal sealed class Broadcast
{
    public Option<string?> Worker { get; } = new("--worker", "-d", "--destination")
    {
        Description = "Address only this worker (its name, as jobs inspect ping shows it). Default: every online worker.",
        HelpName = "name",
    };

    public Option<TimeSpan?> Timeout { get; } = CliOptions.Duration("--timeout", "How long to wait for replies. Default: 1s");

    public void AddTo(Command command)
    {
        command.Add(Worker);
        command.Add(Timeout);
    }

    public TimeSpan TimeoutOf(CliContext ctx) => ctx.Get(Timeout) ?? JobControl.DefaultTimeout;

    /// <summary>Sends <paramref name="command"/> to the addressed workers and collects their replies.</summary>
    public Task<IReadOnlyList<WorkerReply>> SendAsync(CliContext ctx, JobsSession session, string command, object? arguments, CancellationToken ct)
        => session.Control.BroadcastAsync(command, arguments, ctx.Get(Worker), TimeoutOf(ctx), ct);

    /// <summary>The replies as one JSON object keyed by worker name.</summary>
    public static JsonObject ByWorker(IEnumerable<WorkerReply> replies)
    {
        var json = new JsonObject();
        foreach (var r in replies) json[r.Worker] = JsonNode.Parse(r.Reply.GetRawText());
        return json;
    }

    /// <summary>Prints why nothing came back; returns <see cref="ExitCodes.NoReply"/>.</summary>
    public int NoReply(CliContext ctx)
    {
        var worker = ctx.Get(Worker);
        var within = DurationParser.Format(TimeoutOf(ctx));
        Console.Error.WriteLine(worker is null
            ? $"error: no workers replied within {within} (is a worker running? see jobs top, or give a longer --timeout)"
            : $"error: no workers replied within {within}: worker '{worker}' is not online or did not answer");
        return ExitCodes.NoReply;
    }

    /// <summary>Prints each error reply on stderr; returns <see cref="ExitCodes.WorkerError"/> if there was one, else success.</summary>
    public static int Outcome(IReadOnlyList<WorkerReply> replies)
    {
        var errors = replies.Where(r => r.Error is not null).ToList();
        foreach (var r in errors) Console.Error.WriteLine($"error: worker {r.Worker}: {r.Error}");
        return errors.Count > 0 ? ExitCodes.WorkerError : ExitCodes.Success;
    }

    /// <summary>
    /// A table of replies: worker, ok or error, and what it said (the <c>ok</c> or <c>error</c> text, then the reply's
    /// other fields as key=value).
    /// </summary>
    public static void WriteTable(IReadOnlyList<WorkerReply> replies)
    {
        var table = Terminal.Table("worker", "status", "reply");
        foreach (var r in replies) table.AddCells(r.Worker, r.Error is null ? "ok" : "error", Describe(r.Reply));
        Terminal.Write(table);
    }

    /// <summary>A reply in one line: <c>pong</c>, <c>error text</c>, or <c>message; concurrency=4; queues=a,b</c>.</summary>
    public static string Describe(JsonElement reply)
    {
        if (reply.ValueKind != JsonValueKind.Object) return Text(reply);
        var parts = new List<string>();
        foreach (var key in new[] { "error", "ok" })
            if (reply.TryGetProperty(key, out var v)) parts.Add(Text(v));
        foreach (var p in reply.EnumerateObject())
            if (p.Name is not ("ok" or "error")) parts.Add($"{p.Name}={Text(p.Value)}");
        return string.Join("; ", parts);
    }

    /// <summary>A JSON value as plain text: strings unquoted, arrays of scalars comma-separated, objects as compact JSON.</summary>
    public static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            => string.Join(",", value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };

    /// <summary>A property of a reply object, or null.</summary>
    public static JsonElement? Property(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;
}
