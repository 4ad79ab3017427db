using System.CommandLine;
using System.Globalization;
using Jobs.Cli.Output;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs report [--since DURATION] [--json]</c>: the reporting views: finished jobs per minute, counts, failure rate
/// and run-time percentiles per queue and task, and the queues' depth now. <c>--json</c> prints the <see cref="JobsReport"/>.
/// </summary>
internal static class ReportCommand
{
    /// <summary>The throughput table shows the latest minutes only (--json has them all).</summary>
    private const int MinutesShown = 30;

    public static Command Create(GlobalOptions globals)
    {
        var since = CliOptions.Duration("--since", "Only jobs finished this long ago or later. Default: every stored job");
        return new Command("report", "Report throughput, failure rates and run-time percentiles per task, and queue depths.") { since }
            .WithAction(globals, async (ctx, ct) =>
            {
                await using var session = ctx.OpenSession();
                var report = await session.Control.ReportAsync(ctx.Get(since), ct);
                if (ctx.Json)
                {
                    JsonOutput.Write(report);
                    return ExitCodes.Success;
                }
                Terminal.Line(report.Since is { } from
                    ? $"jobs finished since {from.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC"
                    : "every stored finished job");
                WriteThroughput(report.Throughput);
                WriteTasks(report.Tasks);
                WriteQueues(report.Queues);
                return ExitCodes.Success;
            });
    }

    private static void WriteThroughput(IReadOnlyList<ThroughputRow> rows)
    {
        if (rows.Count == 0)
        {
            Terminal.Line("throughput: no finished jobs");
            return;
        }
        var minutes = rows.Select(r => r.Minute).Distinct().Order().ToList();
        var shown = minutes.TakeLast(MinutesShown).ToHashSet();
        var table = Terminal.Table("minute (UTC)", "queue", "task", "succeeded", "failed", "revoked", "total").Numeric(3, 4, 5, 6);
        foreach (var r in rows.Where(r => shown.Contains(r.Minute)).OrderBy(r => r.Minute).ThenBy(r => r.Queue, StringComparer.Ordinal).ThenBy(r => r.Task, StringComparer.Ordinal))
            table.AddCells(r.Minute.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), r.Queue, r.Task,
                r.Succeeded, r.Failed, r.Revoked, r.Succeeded + r.Failed + r.Revoked);
        table.Title = new Spectre.Console.TableTitle(minutes.Count > MinutesShown
            ? $"Throughput per minute (latest {MinutesShown} of {minutes.Count} minutes; --json has all)"
            : "Throughput per minute");
        Terminal.Write(table);
    }

    private static void WriteTasks(IReadOnlyList<TaskRuntimeRow> rows)
    {
        var table = Terminal.Table("queue", "task", "succeeded", "failed", "revoked", "failure rate", "p50 ms", "p95 ms", "p99 ms", "max ms")
            .Numeric(2, 3, 4, 5, 6, 7, 8, 9);
        foreach (var r in rows.OrderBy(r => r.Queue, StringComparer.Ordinal).ThenBy(r => r.Task, StringComparer.Ordinal))
            table.AddCells(r.Queue, r.Task, r.Succeeded, r.Failed, r.Revoked,
                r.FailureRate is { } f ? f.ToString("0.0%", CultureInfo.InvariantCulture) : "",
                Ms(r.P50Ms), Ms(r.P95Ms), Ms(r.P99Ms), Ms(r.MaxMs));
        table.Title = new Spectre.Console.TableTitle("Tasks");
        if (rows.Count == 0) Terminal.Line("tasks: no finished jobs");
        else Terminal.Write(table);
    }

    private static void WriteQueues(IReadOnlyList<QueueDepthRow> rows)
    {
        var table = Terminal.Table("queue", "waiting", "scheduled", "running", "oldest waiting since", "oldest age").Numeric(1, 2, 3, 5);
        foreach (var q in rows.OrderBy(q => q.Queue, StringComparer.Ordinal))
            table.AddCells(q.Queue, q.Waiting, q.Scheduled, q.Running,
                q.OldestWaitingSince?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                q.OldestWaitSeconds is { } s ? DurationParser.Format(TimeSpan.FromSeconds(Math.Round(s, 1))) : "");
        table.Title = new Spectre.Console.TableTitle("Queues now");
        if (rows.Count == 0) Terminal.Line("queues: no waiting, scheduled or running jobs");
        else Terminal.Write(table);
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString(v >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) : "";
}
