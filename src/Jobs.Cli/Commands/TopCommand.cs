using System.CommandLine;
using System.Globalization;
using Jobs.Cli.Output;
using Jobs.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Jobs.Cli.Commands;

/// <summary>
/// <c>jobs top [--interval 1s] [--once]</c>: a full-screen view refreshed every interval: the workers (from their
/// heartbeats), the queues (depth, oldest waiting job, jobs in and out per second between refreshes), the running jobs
/// and the latest failures. Quits on q, Esc or Ctrl+C; plain ANSI, no mouse, so it works over SSH. When stdout is not a
/// terminal, or with <c>--once</c>, prints one snapshot and exits.
/// </summary>
internal static class TopCommand
{
    private const int RunningShown = 15;
    private const int FailuresShown = 8;
    private const int StoppedWorkersShown = 5;

    public static Command Create(GlobalOptions globals)
    {
        var interval = CliOptions.Duration("--interval", "How often to refresh. Default: 1s");
        interval.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<TimeSpan?>() is { } t && t < TimeSpan.FromMilliseconds(100)) r.AddError("--interval must be at least 100ms");
        });
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit (the default when stdout is not a terminal)." };
        var command = new Command("top", "Watch workers, queues, running jobs and failures live (q quits).") { interval, once };
        return command.WithAction(globals, async (ctx, ct) =>
        {
            await using var session = ctx.OpenSession();
            var source = new Sampler(session);
            if (ctx.Get(once) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Ansi)
            {
                Terminal.Write(Render(await source.SampleAsync(ct), ctx.Provider.Description, null));
                return ExitCodes.Success;
            }
            await LiveAsync(source, ctx.Get(interval) ?? TimeSpan.FromSeconds(1), ctx.Provider.Description, ct);
            return ExitCodes.Success;
        });
    }

    private static async Task LiveAsync(Sampler source, TimeSpan interval, string database, CancellationToken ct)
    {
        using var interruption = new Interruption(ct);
        var stop = interruption.Token;
        var first = await source.SampleAsync(stop);
        var console = Console.Out;
        console.Write("\e[?1049h\e[H\e[?25l"); // the alternate screen (restored on exit, as top does), cursor hidden
        console.Flush();
        try
        {
            await AnsiConsole.Live(Render(first, database, interval))
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .Cropping(VerticalOverflowCropping.Bottom)
                .StartAsync(async live =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        if (!await WaitAsync(interval, interruption)) break;
                        try { live.UpdateTarget(Render(await source.SampleAsync(stop), database, interval)); }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested) { break; }
                        catch (Exception ex) when (ErrorReporter.Classify(ex).ExitCode == ExitCodes.DatabaseUnreachable)
                        {
                            // Keep the last figures on screen and say why they are stale; the next refresh retries.
                            live.UpdateTarget(new Rows(new Text($"database unreachable, retrying: {ErrorReporter.Classify(ex).Message}",
                                new Style(Color.Red)), Render(source.Last!, database, interval)));
                        }
                        live.Refresh();
                    }
                });
        }
        finally
        {
            console.Write("\e[?25h\e[?1049l");
            console.Flush();
        }
    }

    /// <summary>Waits one interval, watching the keyboard; false when the user quits (q, Q, Esc) or a signal came.</summary>
    private static async Task<bool> WaitAsync(TimeSpan interval, Interruption interruption)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (System.Diagnostics.Stopwatch.GetElapsedTime(started) < interval)
        {
            if (interruption.Token.IsCancellationRequested) return false;
            while (!Console.IsInputRedirected && Console.KeyAvailable)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key is ConsoleKey.Q or ConsoleKey.Escape || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control)))
                {
                    interruption.Stop();
                    return false;
                }
            }
            try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50, Math.Max(1, (interval - System.Diagnostics.Stopwatch.GetElapsedTime(started)).TotalMilliseconds))), interruption.Token); }
            catch (OperationCanceledException) { return false; }
        }
        return true;
    }

    /// <summary>One refresh's figures; rates come from the difference to the previous refresh.</summary>
    internal sealed record Snapshot(
        DateTimeOffset At,
        IReadOnlyList<WorkerInfo> Workers,
        IReadOnlyList<QueueRow> Queues,
        IReadOnlyList<JobInfo> Running,
        IReadOnlyList<JobInfo> Failures);

    internal sealed record QueueRow(string Queue, long Waiting, long Scheduled, long Running, double? OldestWaitSeconds, double? InPerSecond, double? OutPerSecond);

    /// <summary>Reads the figures: workers table, queue depths (report view), job counts per queue and state, STARTED and FAILURE rows.</summary>
    private sealed class Sampler(JobsSession session)
    {
        private Dictionary<string, (long Created, long Finished)>? _previousCounts;
        private long _previousAt;

        public Snapshot? Last { get; private set; }

        public async Task<Snapshot> SampleAsync(CancellationToken ct)
        {
            var control = session.Control;
            var workers = await control.ListWorkersAsync(includeStopped: true, ct);
            var report = await control.ReportAsync(TimeSpan.FromMinutes(1), ct);
            var stats = await session.Admin.CountJobsAsync(ct);
            var now = System.Diagnostics.Stopwatch.GetTimestamp();
            var running = (await session.Admin.SearchJobsAsync(new JobSearch { States = [JobState.Started], Limit = RunningShown }, ct)).Jobs;
            var failures = (await session.Admin.SearchJobsAsync(new JobSearch { States = [JobState.Failure], Limit = FailuresShown }, ct)).Jobs;

            var counts = stats.ToDictionary(s => s.Queue,
                s => (Created: s.Scheduled + s.Pending + s.Running + s.Retrying + s.Succeeded + s.Failed + s.Revoked, Finished: s.Succeeded + s.Failed + s.Revoked));
            var seconds = _previousCounts is null ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(_previousAt, now).TotalSeconds;
            double? Rate(string queue, Func<(long Created, long Finished), long> pick)
            {
                if (_previousCounts is null || seconds <= 0) return null;
                var current = counts.TryGetValue(queue, out var c) ? pick(c) : 0;
                var before = _previousCounts.TryGetValue(queue, out var p) ? pick(p) : 0;
                return Math.Max(0, current - before) / seconds; // pruned or purged jobs never count as negative
            }

            var depths = report.Queues.ToDictionary(q => q.Queue);
            var queues = depths.Keys.Union(counts.Keys).Order(StringComparer.Ordinal).Select(q =>
            {
                depths.TryGetValue(q, out var d);
                return new QueueRow(q, d?.Waiting ?? 0, d?.Scheduled ?? 0, d?.Running ?? 0, d?.OldestWaitSeconds,
                    Rate(q, c => c.Created), Rate(q, c => c.Finished));
            }).ToList();
            _previousCounts = counts;
            _previousAt = now;

            var shownWorkers = workers.Where(w => w.StoppedAt is null).OrderBy(w => w.Name, StringComparer.Ordinal)
                .Concat(workers.Where(w => w.StoppedAt is not null).OrderByDescending(w => w.StoppedAt).Take(StoppedWorkersShown))
                .ToList();
            Last = new Snapshot(TimeProvider.System.GetUtcNow(), shownWorkers, queues,
                running.OrderBy(j => j.StartedAt).ToList(),
                failures.OrderByDescending(j => j.FinishedAt ?? j.CreatedAt).ToList());
            return Last;
        }
    }

    internal static IRenderable Render(Snapshot s, string database, TimeSpan? interval)
    {
        var header = new Markup(
            $"[bold]jobs top[/] — {Markup.Escape(database)} — {s.At.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC" +
            (interval is { } i ? $" — every {DurationParser.Format(i)} — [bold]q[/] quits" : ""));

        var workers = Terminal.Table("worker", "host", "pid", "pool", "concurrency", "active", "processed", "heartbeat", "online", "queues")
            .Numeric(2, 4, 5, 6);
        foreach (var w in s.Workers)
            workers.AddCells(w.Name, w.Hostname, w.Pid, w.Pool, w.Concurrency, w.Active, w.Processed,
                Ago(s.At - w.HeartbeatAt), w.Online ? "yes" : w.StoppedAt is null ? "late" : "stopped", string.Join(",", w.Queues));
        workers.Title = new TableTitle($"Workers ({s.Workers.Count(w => w.Online)} online)");

        var queues = Terminal.Table("queue", "waiting", "scheduled", "running", "oldest waiting", "in/s", "out/s").Numeric(1, 2, 3, 4, 5, 6);
        foreach (var q in s.Queues)
            queues.AddCells(q.Queue, q.Waiting, q.Scheduled, q.Running, q.OldestWaitSeconds is { } age ? Ago(TimeSpan.FromSeconds(age), suffix: false) : "",
                PerSecond(q.InPerSecond), PerSecond(q.OutPerSecond));
        queues.Title = new TableTitle("Queues");

        // STARTED rows: claimed by a worker, running or in its prefetch buffer (jobs inspect active tells them apart).
        var running = Terminal.Table("id", "task", "queue", "worker", "attempt", "claimed");
        foreach (var j in s.Running)
            running.AddCells(j.Id, j.Task, j.Queue, j.Worker, $"{j.Attempt}/{j.MaxAttempts}", j.StartedAt is { } st ? Ago(s.At - st, suffix: false) : "");
        running.Title = new TableTitle($"Started: claimed by workers (oldest {RunningShown})");

        var failures = Terminal.Table("finished", "id", "task", "queue", "error");
        foreach (var j in s.Failures)
            failures.AddCells(j.FinishedAt?.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), j.Id, j.Task, j.Queue, Short(j.Error));
        failures.Title = new TableTitle($"Recent failures (newest {FailuresShown})");

        return new Rows(header, workers, queues, running, failures);
    }

    private static string Ago(TimeSpan t, bool suffix = true)
    {
        if (t < TimeSpan.Zero) t = TimeSpan.Zero;
        var text = t < TimeSpan.FromMinutes(1) ? t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
            : t < TimeSpan.FromHours(1) ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s"
            : t < TimeSpan.FromDays(1) ? $"{(int)t.TotalHours}h{t.Minutes:00}m"
            : $"{(int)t.TotalDays}d{t.Hours:00}h";
        return suffix ? text + " ago" : text;
    }

    private static string PerSecond(double? rate) => rate is { } r ? r.ToString("0.0", CultureInfo.InvariantCulture) : "–";

    private static string Short(string? s)
    {
        if (s is null) return "";
        s = s.ReplaceLineEndings(" ");
        return s.Length <= 60 ? s : s[..59] + "…";
    }
}
