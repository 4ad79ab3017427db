using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs inspect ping|active|reserved|scheduled|registered|stats [--worker W] [--timeout 1s] [--json]</c>: asks the
/// running workers (Celery's <c>inspect</c>) and prints one table of their replies; <c>--json</c> prints the replies
/// keyed by worker. No reply within the timeout: exit <see cref="ExitCodes.NoReply"/>.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(GlobalOptions globals)
        => new("inspect", "Ask running workers what they are doing (read-only).")
        {
            Inspect(globals, ControlCommands.Ping, "Check which workers are online: each replies pong.", WritePing),
            Inspect(globals, ControlCommands.Active, "The jobs each worker is running now.", r => WriteJobs(r, "active", "started", "startedAt")),
            Inspect(globals, ControlCommands.Reserved, "The jobs each worker has claimed and not started yet (waiting for a free slot).",
                r => WriteJobs(r, "reserved", null, null)),
            Inspect(globals, ControlCommands.Scheduled, "Jobs of each worker's queues due later (eta or countdown; at most 100 each).",
                r => WriteJobs(r, "scheduled", "eta", "eta")),
            Inspect(globals, ControlCommands.Registered, "The tasks each worker knows.", WriteRegistered),
            Inspect(globals, ControlCommands.Stats, "Each worker's pool, concurrency, queues, counters and resources.", WriteStats),
        };

    private static Command Inspect(GlobalOptions globals, string name, string description, Action<IReadOnlyList<WorkerReply>> write)
    {
        var broadcast = new Broadcast();
        var command = new Command(name, description);
        broadcast.AddTo(command);
        return command.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var replies = await broadcast.SendAsync(ctx, session, name, null, ct);
            if (replies.Count == 0) return broadcast.NoReply(ctx);
            if (ctx.Json) JsonOutput.Write(Broadcast.ByWorker(replies));
            else write(replies);
            return Broadcast.Outcome(replies);
        });
    }

    private static void WritePing(IReadOnlyList<WorkerReply> replies)
    {
        var table = Terminal.Table("worker", "reply");
        foreach (var r in replies) table.AddCells(r.Worker, r.Error is { } e ? $"error: {e}" : Broadcast.Describe(r.Reply));
        Terminal.Write(table);
        Terminal.Line($"{replies.Count} worker(s) replied");
    }

    private static void WriteJobs(IReadOnlyList<WorkerReply> replies, string what, string? timeColumn, string? timeField)
    {
        var columns = new List<string> { "worker", "id", "task", "queue" };
        if (what != "scheduled") columns.Add("attempt");
        if (timeColumn is not null) columns.Add(timeColumn);
        columns.Add("args");
        var table = Terminal.Table([.. columns]);
        var count = 0;
        foreach (var r in replies)
        {
            if (r.Error is not null || Broadcast.Property(r.Reply, "jobs") is not { ValueKind: JsonValueKind.Array } jobs) continue;
            foreach (var job in jobs.EnumerateArray())
            {
                var cells = new List<object?> { r.Worker, Field(job, "id"), Field(job, "task"), Field(job, "queue") };
                if (what != "scheduled") cells.Add(Field(job, "attempt"));
                if (timeField is not null) cells.Add(Time(Broadcast.Property(job, timeField)));
                cells.Add(Args(Broadcast.Property(job, "args")));
                table.AddCells([.. cells]);
                count++;
            }
        }
        if (count > 0) Terminal.Write(table);
        Terminal.Line($"{count} {what} job(s) on {replies.Count} worker(s): {string.Join(", ", replies.Select(r => r.Worker))}");
    }

    private static void WriteRegistered(IReadOnlyList<WorkerReply> replies)
    {
        var table = Terminal.Table("worker", "tasks");
        foreach (var r in replies)
            table.AddCells(r.Worker, r.Error is { } e ? $"error: {e}" : Broadcast.Property(r.Reply, "tasks") is { } tasks
                ? string.Join(", ", tasks.EnumerateArray().Select(Broadcast.Text)) : "");
        Terminal.Write(table);
    }

    private static void WriteStats(IReadOnlyList<WorkerReply> replies)
    {
        var table = Terminal.Table("worker", "key", "value");
        foreach (var r in replies)
        {
            if (r.Error is { } e) { table.AddCells(r.Worker, "error", e); continue; }
            if (r.Reply.ValueKind != JsonValueKind.Object) { table.AddCells(r.Worker, "", Broadcast.Text(r.Reply)); continue; }
            var first = true;
            foreach (var p in r.Reply.EnumerateObject())
            {
                table.AddCells(first ? r.Worker : "", p.Name, Broadcast.Text(p.Value));
                first = false;
            }
        }
        Terminal.Write(table);
    }

    private static string Field(JsonElement obj, string name) => Broadcast.Property(obj, name) is { } v ? Broadcast.Text(v) : "";

    /// <summary>A time field as UTC text (<c>yyyy-MM-dd HH:mm:ss</c>), or as given when it is not a time.</summary>
    internal static string Time(JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.String } v) return value is { } other ? Broadcast.Text(other) : "";
        return DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : v.GetString() ?? "";
    }

    /// <summary>Arguments as compact JSON (a stored JSON string is parsed first), shortened for a table.</summary>
    internal static string Args(JsonElement? value)
    {
        var text = value switch
        {
            null => "",
            { ValueKind: JsonValueKind.String } s => JsonOutput.Compact(s.GetString() ?? "null"),
            { } e => JsonSerializer.Serialize(e),
        };
        return text.Length <= 60 ? text : text[..59] + "…";
    }
}
