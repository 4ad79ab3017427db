using System.Diagnostics;
using System.Text.Json;
using Jobs.Cli.Output;
using Jobs.Cli.Providers;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Jobs.Cli.Demo;

/// <summary>One demo run: migrate, start an in-process worker, enqueue the reports in bulk, wait for them, report.</summary>
internal sealed class DemoRun(StoreProvider provider, int jobs, int concurrency, bool json)
{
    private const string Queue = "reports";
    private const int EnqueueBatch = 250;
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Say($"Jobs demo on {provider.Description}");
        provider.CreateMigrator().MigrateUp();

        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "jobs-demo" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Npgsql", LogLevel.Error)
            .AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddJobs(o =>
        {
            provider.UseStore(o);
            o.AddTask<ReportRequest, Report>(ReportTask.Name, ReportTask.RunAsync);
            o.AddWorker(w => { w.Queues = [Queue]; w.Concurrency = concurrency; w.Name = $"demo/{Environment.ProcessId}"; });
        });
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IJobClient>();
        var store = host.Services.GetRequiredService<IJobAdminStore>();
        var baseline = Finished(await store.GetQueueStatsAsync(ct));
        await host.StartAsync(ct);
        Say($"worker started: queue {Queue}, concurrency {concurrency}");

        var clock = Stopwatch.StartNew();
        await WithProgressAsync("enqueue", async step =>
        {
            for (var done = 0; done < jobs; done += EnqueueBatch)
            {
                var n = Math.Min(EnqueueBatch, jobs - done);
                await client.EnqueueManyAsync(Enumerable.Range(done, n).Select(i =>
                    new JobRequest(ReportTask.Name, ReportTask.Request(i), new EnqueueOptions { Queue = Queue })), ct);
                step(n);
            }
        });
        var enqueued = clock.Elapsed;

        QueueStats? last = null;
        await WithProgressAsync("run", async step =>
        {
            long seen = 0;
            var progressAt = Stopwatch.StartNew();
            while (seen < jobs)
            {
                await Task.Delay(100, ct);
                last = (await store.GetQueueStatsAsync(ct)).FirstOrDefault(q => q.Queue == Queue);
                var now = (last is null ? 0 : last.Succeeded + last.Failed + last.Revoked) - baseline;
                if (now > seen) { step((int)(now - seen)); seen = now; progressAt.Restart(); }
                else if (progressAt.Elapsed > StallTimeout)
                    throw new CliException($"no job finished for {StallTimeout.TotalSeconds:0} s ({seen} of {jobs} done); is the database healthy?", ExitCodes.JobFailed);
            }
        });
        var elapsed = clock.Elapsed;
        var sample = (await store.ListJobsAsync(new JobFilter(JobState.Success, Queue, ReportTask.Name, 1), ct)).FirstOrDefault();
        await host.StopAsync(CancellationToken.None);

        var failed = last is null ? 0 : last.Failed + last.Revoked;
        var rate = jobs / elapsed.TotalSeconds;
        if (json)
            JsonOutput.Write(new
            {
                jobs, failed, seconds = Math.Round(elapsed.TotalSeconds, 3), enqueueSeconds = Math.Round(enqueued.TotalSeconds, 3),
                jobsPerSecond = Math.Round(rate, 1), report = JsonOutput.Element(sample?.Result),
            });
        else
        {
            Say($"{jobs} jobs in {elapsed.TotalSeconds:0.00} s: {rate:0} jobs/s (enqueued in {enqueued.TotalSeconds:0.00} s, concurrency {concurrency})");
            if (sample?.Result is { } result)
            {
                Say($"one finished report (job {sample.Id}):");
                Terminal.Line(JsonSerializer.Serialize(JsonOutput.Element(result), new JsonSerializerOptions { WriteIndented = true }));
            }
        }
        if (failed > 0) throw new CliException($"{failed} of {jobs} report jobs failed; see 'jobs list --state FAILURE'", ExitCodes.JobFailed);
        return ExitCodes.Success;
    }

    private static long Finished(IReadOnlyList<QueueStats> stats)
        => stats.Where(q => q.Queue == Queue).Sum(q => q.Succeeded + q.Failed + q.Revoked);

    private void Say(string line)
    {
        if (!json) Terminal.Line(line);
    }

    /// <summary>Runs <paramref name="work"/> under a progress bar of <c>jobs</c> steps (none with --json).</summary>
    private async Task WithProgressAsync(string label, Func<Action<int>, Task> work)
    {
        if (json)
        {
            await work(_ => { });
            return;
        }
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async p =>
            {
                var task = p.AddTask(label, maxValue: jobs);
                await work(n => task.Increment(n));
                task.Value = task.MaxValue;
            });
    }
}
