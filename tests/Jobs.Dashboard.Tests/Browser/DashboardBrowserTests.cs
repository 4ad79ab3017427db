using Jobs.Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit;
using static Jobs.Workflow;
using static Microsoft.Playwright.Assertions;

namespace Jobs.Dashboard.Tests.Browser;

/// <summary>
/// The dashboard in headless Chromium over a SQLite database with a real in-process worker: every page (each saved as
/// a screenshot under TestResults/dashboard), search by an argument, a retry watched live, a paused queue, a triggered
/// schedule, and read-only mode. Waits are on the page's state (Playwright's auto-waiting assertions) or on the jobs.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private TestDatabase _db = null!;
    private DashboardHost _host = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync("sqlite");
        _host = await DashboardHost.StartAsync(_db);
        _page = await browser.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task ShotAsync(string name, IPage? page = null) => (page ?? _page).ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    private async Task<Guid> RunAsync(string task, EchoArgs args, string state, string queue = "default")
    {
        var result = await _host.Jobs.EnqueueAsync(task, args, new EnqueueOptions { MaxRetries = 0, Queue = queue });
        Assert.Equal(state, (await result.WaitAsync(Wait)).State);
        return result.Id;
    }

    [Fact]
    public async Task EveryPageOpensInEveryThemeAndWidth()
    {
        foreach (var (customer, n) in new[] { ("ACME", 1), ("Globex", 2), ("Initech", 3), ("Umbrella", 4), ("Hooli", 5) })
            await RunAsync(TestTasks.Echo, new(customer, n), JobState.Success);
        var failed = await RunAsync(TestTasks.Flaky, new("Initech", 9), JobState.Failure);
        var chain = await _host.Jobs.ApplyAsync(Chain(Sig(TestTasks.Echo, new EchoArgs("Chain", 1)), Sig(TestTasks.Echo), Sig(TestTasks.Echo)));
        await chain.GetAsync<EchoArgs>(Wait);
        await _host.Admin.AddScheduleAsync("nightly-report", TestTasks.Echo, new EchoArgs("Nightly", 1), s => s.Cron = "0 3 * * *");
        await _host.Admin.AddScheduleAsync("heartbeat", TestTasks.Echo, new EchoArgs("Beat", 1), s => s.Every = TimeSpan.FromMinutes(5));
        await _host.Admin.SetRateLimitAsync(LimitScope.Queue, "default", "50/s");
        await _host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("Later", 1), new EnqueueOptions { Countdown = TimeSpan.FromHours(2) });

        var pages = new (string Path, string Heading, string Shot)[]
        {
            ("/", "Overview", "overview"), ("/jobs", "Jobs", "jobs"), ($"/jobs/{failed}", TestTasks.Flaky, "job-failed"),
            ($"/jobs/{chain.JobIds[1]}", TestTasks.Echo, "job-workflow"), ("/queues", "Queues", "queues"), ("/workers", "Workers", "workers"),
            ("/schedules", "Schedules", "schedules"), ("/events", "Events", "events"),
        };
        foreach (var (path, heading, shot) in pages)
        {
            await _page.GotoAsync(_host.Url(path));
            await Expect(_page.Locator("h1")).ToContainTextAsync(heading);
            await ShotAsync(shot);
        }
        await _page.GotoAsync(_host.Url($"/jobs/{chain.JobIds[1]}"));
        await Expect(_page.Locator("svg.workflow a")).ToHaveCountAsync(3);

        // "/" focuses the search box.
        await _page.GotoAsync(_host.Url("/"));
        await _page.Keyboard.PressAsync("/");
        await Expect(_page.Locator("#search")).ToBeFocusedAsync();

        // The theme picker: dark, kept across pages.
        await _page.SelectOptionAsync("#theme", "dark");
        await _page.GotoAsync(_host.Url("/"));
        await Expect(_page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await ShotAsync("overview-dark");

        // A phone's width: no horizontal scrolling of the page itself.
        var phone = await browser.NewPageAsync(390, 844);
        await phone.GotoAsync(_host.Url("/jobs"));
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth + 1"), "The jobs page scrolls sideways at 390 px.");
        await ShotAsync("jobs-phone", phone);
        await phone.Context.CloseAsync();
    }

    [Fact]
    public async Task SearchFindsJobsByAnArgumentValue()
    {
        await RunAsync(TestTasks.Echo, new("ACME", 1), JobState.Success);
        var globex = await RunAsync(TestTasks.Echo, new("Globex", 2), JobState.Success);
        await _page.GotoAsync(_host.Url("/jobs"));
        await Expect(_page.Locator("table.jobs tbody tr")).ToHaveCountAsync(2);
        await _page.FillAsync("#search", "args.customer:\"Globex\"");
        await _page.PressAsync("#search", "Enter");
        await Expect(_page.Locator("table.jobs tbody tr")).ToHaveCountAsync(1);
        await Expect(_page.Locator($"tr[data-job='{globex}']")).ToBeVisibleAsync();
        await _page.FillAsync("#search", "args.n:2");
        await _page.PressAsync("#search", "Enter");
        await Expect(_page.Locator($"tr[data-job='{globex}']")).ToBeVisibleAsync();
        await Expect(_page.Locator("table.jobs tbody tr")).ToHaveCountAsync(1);
        await ShotAsync("search");
    }

    [Fact]
    public async Task ARetriedFailedJobIsSeenToSucceedLive()
    {
        var failed = await RunAsync(TestTasks.Flaky, new("Umbrella", 1), JobState.Failure, queue: "held");
        _host.Tasks.Failing = false;
        await _host.Admin.PauseQueueAsync("held"); // so the page shows the retried job waiting before it runs
        await _page.GotoAsync(_host.Url($"/jobs/{failed}"));
        await Expect(_page.Locator("h1 .state")).ToHaveTextAsync(JobState.Failure);
        await _page.ClickAsync("button[data-action=retry]");
        await Expect(_page.Locator(".flash")).ToContainTextAsync("Retried 1 of 1 job");
        await Expect(_page.Locator("h1 .state")).ToHaveTextAsync(JobState.Pending);
        await _host.Admin.ResumeQueueAsync("held");
        // No navigation from here on: the live stream refreshes the page when the worker finishes the job.
        await Expect(_page.Locator("h1 .state")).ToHaveTextAsync(JobState.Success, new() { Timeout = 20_000 });
        await Expect(_page.Locator(".flash")).ToHaveCountAsync(1); // the same page (the flash is still there), refreshed in place
        await Expect(_page.Locator("table tbody tr")).ToHaveCountAsync(2); // attempts: the failure, then the success
        await ShotAsync("job-retried");
    }

    [Fact]
    public async Task AJobOfAPausedQueueWaitsUntilItIsResumed()
    {
        await RunAsync(TestTasks.Echo, new("Warmup", 1), JobState.Success, queue: "held");
        await _page.GotoAsync(_host.Url("/queues"));
        await _page.ClickAsync("tr[data-queue=held] button[data-action=pause]");
        await Expect(_page.Locator("tr[data-queue=held] .state")).ToHaveTextAsync("paused");
        var waiting = await _host.Jobs.EnqueueAsync(TestTasks.Echo, new EchoArgs("Held", 1), new EnqueueOptions { Queue = "held" });
        await RunAsync(TestTasks.Echo, new("Other", 1), JobState.Success); // enqueued after it, done before it
        Assert.Equal(JobState.Pending, (await waiting.GetInfoAsync())!.State);
        await _page.GotoAsync(_host.Url("/queues"));
        await Expect(_page.Locator("tr[data-queue=held] td:nth-child(3)")).ToHaveTextAsync("1"); // ready, not claimed
        await ShotAsync("queue-paused");
        await _page.ClickAsync("tr[data-queue=held] button[data-action=resume]");
        await Expect(_page.Locator("tr[data-queue=held] .state")).ToHaveTextAsync("active");
        Assert.Equal(JobState.Success, (await waiting.WaitAsync(Wait)).State);
    }

    [Fact]
    public async Task AScheduleAddedInThePageCanBeTriggeredNow()
    {
        await _page.GotoAsync(_host.Url("/schedules"));
        await _page.FillAsync("#schedule-form input[name=name]", "monthly-invoice");
        await _page.FillAsync("#schedule-form input[name=task]", TestTasks.Echo);
        await _page.FillAsync("#schedule-form input[name=args]", "{\"customer\":\"Scheduled\",\"n\":7}");
        await _page.FillAsync("#schedule-form input[name=cron]", "0 0 1 * *");
        await _page.ClickAsync("button[data-action=save-schedule]");
        await Expect(_page.Locator(".flash")).ToContainTextAsync("Saved schedule monthly-invoice");
        await _page.ClickAsync("tr[data-schedule=monthly-invoice] button[data-action=trigger]");
        await Expect(_page.Locator(".flash")).ToContainTextAsync("Triggered monthly-invoice");
        var flash = await _page.Locator(".flash").InnerTextAsync();
        var job = Guid.Parse(flash[(flash.IndexOf("job ", StringComparison.Ordinal) + 4)..].Trim().TrimEnd('.'));
        Assert.Equal(JobState.Success, (await _host.Jobs.GetResult(job).WaitAsync(Wait)).State);
        await _page.GotoAsync(_host.Url($"/jobs/{job}"));
        await Expect(_page.Locator("#args")).ToContainTextAsync("Scheduled");
        await Expect(_page.Locator("h1 .state")).ToHaveTextAsync(JobState.Success);
    }

    [Fact]
    public async Task ReadOnlyModeShowsNoActionButtons()
    {
        await using var readOnly = await DashboardHost.StartAsync(_db, new HostSettings { Worker = false, Dashboard = o => o.ReadOnly = true });
        var failed = await RunAsync(TestTasks.Flaky, new("RO", 1), JobState.Failure);
        await _host.Admin.AddScheduleAsync("ro-schedule", TestTasks.Echo, null, s => s.Cron = "0 3 * * *");
        foreach (var path in new[] { "/", "/jobs", $"/jobs/{failed}", "/queues", "/workers", "/schedules", "/events" })
        {
            await _page.GotoAsync(readOnly.Url(path));
            await Expect(_page.Locator(".badge.readonly")).ToBeVisibleAsync();
            await Expect(_page.Locator("form[method=post], button[data-action], a[data-action]")).ToHaveCountAsync(0);
        }
        await _page.GotoAsync(readOnly.Url($"/jobs/{failed}"));
        await ShotAsync("job-read-only");
    }
}
