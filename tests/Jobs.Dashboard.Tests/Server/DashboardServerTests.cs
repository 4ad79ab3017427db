using System.Net;
using Jobs.Dashboard.Actions;
using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Jobs.Dashboard.Tests.Server;

/// <summary>Every endpoint over HTTP against a real database: pages, actions with their tokens, events naming the user.</summary>
public abstract class DashboardServerTests(string kind) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestDatabase _db = null!;
    private DashboardHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(kind);
        _host = await DashboardHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<Guid> RunAsync(string task, EchoArgs args, string expectState, EnqueueOptions? options = null)
    {
        var result = await _host.Jobs.EnqueueAsync(task, args, options ?? new EnqueueOptions { MaxRetries = 0 });
        var job = await result.WaitAsync(Wait);
        Assert.Equal(expectState, job.State);
        return result.Id;
    }

    [Fact]
    public async Task EveryPageAnswersWithItsContent()
    {
        var ok = await RunAsync(TestTasks.Echo, new("ACME", 1), JobState.Success);
        var failed = await RunAsync(TestTasks.Flaky, new("Initech", 2), JobState.Failure);
        await _host.Admin.AddScheduleAsync("nightly", TestTasks.Echo, new EchoArgs("Nightly", 3), s => s.Cron = "0 3 * * *");

        var pages = new Dictionary<string, string[]>
        {
            ["/"] = ["Overview", "SUCCESS", "Finished per minute", "<svg class=\"chart\""],
            ["/jobs"] = ["Jobs", TestTasks.Echo, TestTasks.Flaky],
            [$"/jobs/{ok}"] = ["Arguments", "ACME", "Result", "Timeline", "attempt 1: SUCCESS"],
            [$"/jobs/{failed}"] = ["Error", "flaky failed for Initech", "Traceback", "data-action=\"retry\""],
            ["/queues"] = ["Queues", "default", "data-action=\"pause\""],
            ["/workers"] = ["Workers", "online"],
            ["/schedules"] = ["nightly", "0 3 * * *", "data-action=\"trigger\""],
            ["/events"] = ["Events", "task-succeeded"],
            ["/jobs?q=" + Uri.EscapeDataString("args.customer:\"Initech\"")] = [failed.ToString()],
        };
        foreach (var (path, expected) in pages)
        {
            var (status, body) = await _host.GetAsync(path);
            Assert.True(status == HttpStatusCode.OK, $"{path}: {status}\n{body}");
            foreach (var text in expected) Assert.True(body.Contains(text, StringComparison.Ordinal), $"{path} lacks '{text}'");
        }
        var (_, search) = await _host.GetAsync("/jobs?q=" + Uri.EscapeDataString("args.customer:\"Initech\""));
        Assert.DoesNotContain(ok.ToString(), search);

        var (cssStatus, css) = await _host.GetAsync("/assets/dashboard.css");
        Assert.Equal(HttpStatusCode.OK, cssStatus);
        Assert.Contains("prefers-color-scheme", css);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync("/assets/nope.js")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _host.GetAsync($"/jobs/{Guid.NewGuid()}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _host.GetAsync("/jobs?q=state:NOPE")).Status);
        var (byId, _) = await _host.GetAsync("/jobs?q=" + ok);
        Assert.Equal(HttpStatusCode.Redirect, byId);
    }

    [Fact]
    public async Task TheStreamSendsStoredEventsAsTheyArrive()
    {
        using var cts = new CancellationTokenSource(Wait);
        using var response = await _host.Client.GetAsync(_host.Url("/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        Assert.Equal("retry: 3000", await reader.ReadLineAsync(cts.Token));
        var id = (await _host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("Streamed", 1))).Id;
        while (await reader.ReadLineAsync(cts.Token) is { } line)
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(id.ToString()) && line.Contains("task-succeeded")) return;
        Assert.Fail("The stream ended before the job's task-succeeded event.");
    }

    [Fact]
    public async Task RetryRevokeAndDeleteChangeJobsAndRecordTheUser()
    {
        _host.Tasks.Failing = true;
        var failed = await RunAsync(TestTasks.Flaky, new("Umbrella", 1), JobState.Failure);
        _host.Tasks.Failing = false;
        var retry = await _host.PostAsync("/jobs/retry", [new("id", failed.ToString()), new("return", $"/jobs/{failed}")], page: $"/jobs/{failed}");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.StartsWith($"/jobs/jobs/{failed}?flash=", retry.Headers.Location!.OriginalString);
        Assert.Equal(JobState.Success, (await _host.Jobs.GetResult(failed).WaitAsync(Wait)).State);

        var later = (await _host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("Later", 1), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) })).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/jobs/revoke", [new("id", later.ToString())])).StatusCode);
        Assert.Equal(JobState.Revoked, (await _host.Admin.GetJobAsync(later))!.Job.State);

        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/jobs/delete", [new("id", later.ToString())])).StatusCode);
        Assert.Null(await _host.Admin.GetJobAsync(later));

        var actions = (await _host.Control.ReadNewestEventsAsync(200)).Where(e => e.Type == JobEventTypes.AdminAction).ToList();
        Assert.Equal(["retry", "revoke", "delete"], actions.Select(a => a.Action));
        Assert.All(actions, a => Assert.StartsWith("anonymous (127.0.0.1", a.User));
        Assert.Equal(failed, actions[0].JobId);
        Assert.Equal(1, actions[0].Count);
    }

    [Fact]
    public async Task RetryOfAllMatchingRunsServerSideInBatches()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++) ids.Add(await RunAsync(TestTasks.Flaky, new("Bulk", i), JobState.Failure));
        var other = await RunAsync(TestTasks.Flaky, new("Other", 0), JobState.Failure);
        _host.Tasks.Failing = false;
        var response = await _host.PostAsync("/jobs/retry", [new("all", "1"), new("q", "args.customer:Bulk state:FAILURE")], page: "/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/jobs/operations/", location);
        var operation = _host.App.Services.GetRequiredService<BulkOperations>().Find(Guid.Parse(location["/jobs/operations/".Length..]))!;
        await operation.Completion.WaitAsync(Wait);
        Assert.Equal(12, operation.Done);
        Assert.Null(operation.Error);
        foreach (var id in ids) Assert.Equal(JobState.Success, (await _host.Jobs.GetResult(id).WaitAsync(Wait)).State);
        Assert.Equal(JobState.Failure, (await _host.Admin.GetJobAsync(other))!.Job.State);
        using var progress = await _host.Client.GetAsync(location);
        var page = await progress.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, progress.StatusCode);
        Assert.Contains("Done: 12 jobs changed", page);
        var recorded = (await _host.Control.ReadNewestEventsAsync(100)).Single(e => e.Type == JobEventTypes.AdminAction);
        Assert.Equal(12, recorded.Count);
        Assert.Contains("args.customer:\"Bulk\"", recorded.Target);
    }

    [Fact]
    public async Task QueueLimitAndScheduleActionsWork()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/queues/held/pause", [])).StatusCode);
        Assert.True((await _host.Admin.ListQueuesAsync()).Single(q => q.Name == "held").Paused);
        Assert.Contains("s-paused", (await _host.GetAsync("/queues")).Body);
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/queues/held/resume", [])).StatusCode);
        Assert.False((await _host.Admin.ListQueuesAsync()).Single(q => q.Name == "held").Paused);

        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/limits", [new("scope", "queue"), new("name", "held"), new("rate", "10/s"), new("concurrency", "3")])).StatusCode);
        var limit = (await _host.Admin.ListLimitsAsync()).Single(l => l.Name == "held");
        Assert.Equal(3, limit.MaxRunning);
        Assert.NotNull(limit.Rate);

        var save = await _host.PostAsync("/schedules", [new("name", "every-minute"), new("task", TestTasks.Echo), new("args", "{\"customer\":\"Beat\",\"n\":1}"),
            new("every", "1m"), new("timezone", "UTC"), new("return", "/schedules")], page: "/schedules");
        Assert.Contains("Saved", Uri.UnescapeDataString(save.Headers.Location!.OriginalString));
        Assert.Equal(TimeSpan.FromMinutes(1), (await _host.Admin.ListSchedulesAsync()).Single().Every);
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/schedules/every-minute/disable", [])).StatusCode);
        Assert.False((await _host.Admin.ListSchedulesAsync()).Single().Enabled);
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/schedules/every-minute/enable", [])).StatusCode);
        var trigger = await _host.PostAsync("/schedules/every-minute/trigger", []);
        var flash = Uri.UnescapeDataString(trigger.Headers.Location!.OriginalString);
        var job = Guid.Parse(flash[(flash.IndexOf("job ", StringComparison.Ordinal) + 4)..].TrimEnd('.'));
        Assert.Equal(JobState.Success, (await _host.Jobs.GetResult(job).WaitAsync(Wait)).State);
        Assert.Equal(HttpStatusCode.Redirect, (await _host.PostAsync("/schedules/every-minute/remove", [])).StatusCode);
        Assert.Empty(await _host.Admin.ListSchedulesAsync());

        var bad = await _host.PostAsync("/schedules", [new("name", "broken"), new("task", TestTasks.Echo), new("cron", "not a cron")]);
        Assert.Contains("was not saved", Uri.UnescapeDataString(bad.Headers.Location!.OriginalString));
        var actions = (await _host.Control.ReadNewestEventsAsync(200)).Where(e => e.Type == JobEventTypes.AdminAction).Select(e => e.Action).ToList();
        Assert.Equal(["pause", "resume", "limits", "schedule-save", "schedule-disable", "schedule-enable", "schedule-trigger", "schedule-remove"], actions);
    }

    [Fact]
    public async Task AWriteWithoutTheAntiforgeryTokenIsRefused()
    {
        var response = await _host.PostAsync("/queues/default/pause", [], page: null, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await _host.Admin.ListQueuesAsync(), q => q.Paused);
    }
}

public sealed class SqliteDashboardServerTests() : DashboardServerTests("sqlite");

public sealed class PostgresDashboardServerTests() : DashboardServerTests("postgres");
