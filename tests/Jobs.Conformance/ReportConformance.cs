using System.Text.Json;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Conformance;

/// <summary>The reporting views of the monitoring port, checked against figures computed here from the rows written.</summary>
public abstract class ReportConformance : MonitorConformanceBase
{
    // Reporting.

    /// <summary>PostgreSQL's percentile_cont: pos = (n − 1)·p over the sorted values, linear interpolation between neighbours.</summary>
    private static double? PercentileCont(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var pos = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(pos);
        var hi = (int)Math.Ceiling(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private sealed record Finished(string Queue, string Task, string State, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt)
    {
        public double? Ms => State is "SUCCESS" or "FAILURE" && StartedAt is { } s ? (FinishedAt - s).TotalMilliseconds : null;
    }

    /// <summary>Writes finished jobs with known times: enqueued through the client, then their rows set.</summary>
    private async Task WriteAsync(IReadOnlyList<Finished> rows)
    {
        var results = await Client.EnqueueManyAsync(rows.Select(r => new JobRequest(r.Task, new EchoArgs(1), new EnqueueOptions { Queue = r.Queue })));
        foreach (var (row, job) in rows.Zip(results))
            await Harness.SetJobAsync(job.Id, row.State, startedAt: row.StartedAt, finishedAt: row.FinishedAt);
    }

    private static void AssertReport(IReadOnlyList<Finished> rows, JobsReport report)
    {
        static DateTimeOffset Minute(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var throughput = rows.GroupBy(r => (Minute: Minute(r.FinishedAt), r.Queue, r.Task))
            .OrderBy(g => g.Key.Minute).ThenBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Task, StringComparer.Ordinal)
            .Select(g => new ThroughputRow(g.Key.Minute, g.Key.Queue, g.Key.Task,
                g.LongCount(r => r.State == "SUCCESS"), g.LongCount(r => r.State == "FAILURE"), g.LongCount(r => r.State == "REVOKED")))
            .ToList();
        Assert.Equal(throughput, report.Throughput);

        var tasks = rows.GroupBy(r => (r.Queue, r.Task))
            .OrderBy(g => g.Key.Queue, StringComparer.Ordinal).ThenBy(g => g.Key.Task, StringComparer.Ordinal).ToList();
        Assert.Equal(tasks.Select(g => (g.Key.Queue, g.Key.Task)), report.Tasks.Select(t => (t.Queue, t.Task)));
        foreach (var (g, actual) in tasks.Zip(report.Tasks))
        {
            long succeeded = g.Count(r => r.State == "SUCCESS"), failed = g.Count(r => r.State == "FAILURE");
            Assert.Equal(succeeded, actual.Succeeded);
            Assert.Equal(failed, actual.Failed);
            Assert.Equal(g.LongCount(r => r.State == "REVOKED"), actual.Revoked);
            AssertClose(succeeded + failed == 0 ? null : (double)failed / (succeeded + failed), actual.FailureRate, $"{g.Key} failure rate");
            var ms = g.Where(r => r.Ms is not null).Select(r => r.Ms!.Value).ToList();
            AssertClose(PercentileCont(ms, 0.5), actual.P50Ms, $"{g.Key} p50");
            AssertClose(PercentileCont(ms, 0.95), actual.P95Ms, $"{g.Key} p95");
            AssertClose(PercentileCont(ms, 0.99), actual.P99Ms, $"{g.Key} p99");
            AssertClose(ms.Count == 0 ? null : ms.Max(), actual.MaxMs, $"{g.Key} max");
        }
    }

    private static void AssertClose(double? expected, double? actual, string what)
    {
        if (expected is null) { Assert.True(actual is null, $"{what}: expected null, got {actual}."); return; }
        Assert.True(actual is { } a && Math.Abs(a - expected.Value) <= 1e-6 * Math.Max(1, Math.Abs(expected.Value)), $"{what}: expected {expected}, got {actual}.");
    }

    [Fact]
    public async Task Report_counts_failure_rate_and_run_time_percentiles_match_percentile_cont_over_the_rows_and_since_filters()
    {
        var now = await Harness.DbNowAsync();
        var second = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        DateTimeOffset recentBase = second.AddMinutes(-3), oldBase = second.AddHours(-3);
        var rows = new List<Finished>();
        // qa/test.echo: 30 timed runs (23 succeeded, 7 failed) with spread-out run times, 2 revoked, 1 success without a start.
        for (var i = 0; i < 30; i++)
        {
            var start = recentBase.AddSeconds(i * 3);
            rows.Add(new Finished("qa", "test.echo", i % 4 == 1 && i < 28 ? "FAILURE" : "SUCCESS", start, start.AddMilliseconds((i * 7919) % 2503 + 1)));
        }
        rows.Add(new Finished("qa", "test.echo", "REVOKED", null, recentBase.AddSeconds(20)));
        rows.Add(new Finished("qa", "test.echo", "REVOKED", recentBase.AddSeconds(21), recentBase.AddSeconds(22)));
        rows.Add(new Finished("qa", "test.echo", "SUCCESS", null, recentBase.AddSeconds(23)));
        // qa/test.fail: one run; qb/test.flaky: revoked only (no rate, no run times).
        rows.Add(new Finished("qa", "test.fail", "FAILURE", recentBase, recentBase.AddMilliseconds(1500)));
        rows.Add(new Finished("qb", "test.flaky", "REVOKED", null, recentBase.AddSeconds(5)));
        // Old rows, outside a one-hour window: different run times for qa/test.echo, and a task only there.
        for (var i = 0; i < 9; i++)
        {
            var start = oldBase.AddSeconds(i * 11);
            rows.Add(new Finished("qa", "test.echo", i % 3 == 0 ? "FAILURE" : "SUCCESS", start, start.AddMilliseconds(10_000 + i * 977)));
        }
        rows.Add(new Finished("qc", "test.echo", "SUCCESS", oldBase, oldBase.AddMilliseconds(42)));
        await WriteAsync(rows);
        // Unfinished jobs count in neither view of finished jobs.
        await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = "qa" });

        var all = await Monitor.ReportAsync(null, default);
        Assert.Null(all.Since);
        AssertReport(rows, all);

        var windowed = await Monitor.ReportAsync(TimeSpan.FromHours(1), default);
        var after = await Harness.DbNowAsync();
        Assert.NotNull(windowed.Since);
        Assert.InRange(windowed.Since!.Value, now.AddHours(-1).AddSeconds(-1), after.AddHours(-1).AddSeconds(1));
        AssertReport(rows.Where(r => r.FinishedAt >= windowed.Since).ToList(), windowed);
        Assert.DoesNotContain(windowed.Tasks, t => t.Queue == "qc");
        Assert.NotEqual(all.Tasks.Single(t => t.Queue == "qa" && t.Task == "test.echo").P50Ms,
            windowed.Tasks.Single(t => t.Queue == "qa" && t.Task == "test.echo").P50Ms);
    }

    [Fact]
    public async Task Report_queue_depths_split_waiting_scheduled_and_running_and_age_the_oldest_waiting_job()
    {
        var now = await Harness.DbNowAsync();
        var second = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        async Task<Guid> Enqueue(string queue, TimeSpan? countdown = null)
            => (await Client.EnqueueAsync("test.echo", new EchoArgs(1), new EnqueueOptions { Queue = queue, Countdown = countdown })).Id;

        await Enqueue("depth"); // PENDING, due now
        var oldest = await Enqueue("depth");
        await Harness.SetJobAsync(oldest, "PENDING", runAt: second.AddSeconds(-90));
        var retryDue = await Enqueue("depth");
        await Harness.SetJobAsync(retryDue, "RETRY", runAt: second.AddSeconds(-10));
        var dueScheduled = await Enqueue("depth");
        await Harness.SetJobAsync(dueScheduled, "SCHEDULED", runAt: second.AddSeconds(-30));
        await Enqueue("depth", TimeSpan.FromHours(1)); // SCHEDULED later
        var retryLater = await Enqueue("depth");
        await Harness.SetJobAsync(retryLater, "RETRY", runAt: second.AddMinutes(30));
        var awaiting = await Enqueue("depth"); // a workflow job waiting for its parent: neither waiting nor scheduled
        await Harness.SetJobAsync(awaiting, "SCHEDULED", runAt: new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero));
        var running = await Enqueue("depth");
        await Harness.SetJobAsync(running, "STARTED", startedAt: second);
        var done = await Enqueue("depth");
        await Harness.SetJobAsync(done, "SUCCESS", startedAt: second, finishedAt: second);
        await Enqueue("later", TimeSpan.FromMinutes(5));
        var finishedOnly = await Enqueue("finished-only");
        await Harness.SetJobAsync(finishedOnly, "FAILURE", startedAt: second, finishedAt: second);
        var runningOnly = await Enqueue("running-only"); // a queue with running jobs and none waiting
        await Harness.SetJobAsync(runningOnly, "STARTED", startedAt: second);

        var report = await Monitor.ReportAsync(null, default);
        var after = await Harness.DbNowAsync();
        Assert.Equal(["depth", "later", "running-only"], report.Queues.Select(q => q.Queue));
        var depth = report.Queues[0];
        Assert.Equal((4L, 2L, 1L), (depth.Waiting, depth.Scheduled, depth.Running));
        Assert.Equal(second.AddSeconds(-90), depth.OldestWaitingSince);
        Assert.InRange(depth.OldestWaitSeconds!.Value, (now - second.AddSeconds(-90)).TotalSeconds - 0.002, (after - second.AddSeconds(-90)).TotalSeconds + 0.002);
        var later = report.Queues[1];
        Assert.Equal((0L, 1L, 0L), (later.Waiting, later.Scheduled, later.Running));
        Assert.Null(later.OldestWaitingSince);
        Assert.Null(later.OldestWaitSeconds);
        var runningOnlyQueue = report.Queues[2];
        Assert.Equal((0L, 0L, 1L), (runningOnlyQueue.Waiting, runningOnlyQueue.Scheduled, runningOnlyQueue.Running));
        Assert.Null(runningOnlyQueue.OldestWaitingSince);
        Assert.Null(runningOnlyQueue.OldestWaitSeconds);
    }
}
