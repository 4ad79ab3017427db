using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Jobs.Bench.Systems;
using Jobs.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jobs.Bench.Admin;

/// <summary>
/// Scenario A's dashboard pages: the dashboard (src/Jobs.Dashboard) hosted in this process on Kestrel at a free
/// loopback port over the same store as <see cref="AdminScenario"/>, with <see cref="DashboardOptions.CacheDuration"/>
/// zero so every request reads the database (one viewer's worst case), each page fetched with <see cref="HttpClient"/>
/// <see cref="BenchSizes.ARepeats"/> times; the median is the figure. Each answer must be 200 and show what JobAdmin
/// says it should (the same job rows, the counts, the queues), so a fast error page cannot pass for a fast page.
/// </summary>
internal static partial class DashboardPages
{
    private const string Prefix = "/jobs";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(IJobsTarget target, Action<IServiceCollection, ILoggingBuilder> addJobs,
        AdminLoad load, BenchRun run, CancellationToken ct)
    {
        await using var app = await StartAsync(addJobs, ct);
        var root = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + Prefix;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(2) };
        // The connection and Kestrel warm, outside the figures: the stylesheet reads no database.
        (await http.GetAsync(root + "/assets/dashboard.css", ct)).EnsureSuccessStatusCode();

        var pages = await PagesAsync(app.Services.GetRequiredService<JobAdmin>(), ct);
        var results = new List<BenchResult>();
        foreach (var page in pages)
        {
            var times = new List<double>();
            var bytes = 0;
            for (var i = 0; i < run.Sizes.ARepeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(root + page.Path, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                times.Add(clock.Elapsed.TotalMilliseconds);
                Check(page, response.StatusCode, body);
                bytes = body.Length;
            }
            var sorted = times.Order().ToList();
            var settings = BenchResult.SettingsOf(new
            {
                jobs = load.Jobs, what = page.What, url = Prefix + page.Path, repeats = run.Sizes.ARepeats, html_chars = bytes,
                first_ms = Math.Round(times[0], 2), min_ms = Math.Round(sorted[0], 2), max_ms = Math.Round(sorted[^1], 2),
                cache_duration_ms = 0, load_seconds = load.Seconds, args_index = target.ArgsIndex,
            });
            results.Add(new BenchResult(target.Name, target.Version, Scenario.A + ".page_" + page.Name, Math.Round(Percentiles.Of(sorted, 0.5), 2), "ms", settings));
        }
        await app.StopAsync(CancellationToken.None);
        return results;
    }

    /// <summary>The dashboard at <see cref="Prefix"/> on 127.0.0.1, port 0: an empty builder (no configuration files watched), Kestrel and routing only.</summary>
    private static async Task<WebApplication> StartAsync(Action<IServiceCollection, ILoggingBuilder> addJobs, CancellationToken ct)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        addJobs(builder.Services, builder.Logging);
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error); // keys in memory: no form outlives the run
        builder.Services.AddJobsDashboard(o => o.CacheDuration = TimeSpan.Zero);
        var app = builder.Build();
        app.MapJobsDashboard(Prefix);
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>The pages and what each must show, as JobAdmin reads it now (the table does not change during the scenario).</summary>
    private static async Task<IReadOnlyList<Page>> PagesAsync(JobAdmin admin, CancellationToken ct)
    {
        var counts = await admin.CountJobsAsync(ct);
        var queues = await admin.ListQueuesAsync(ct);
        var succeeded = counts.Sum(q => q.Succeeded).ToString("N0", CultureInfo.InvariantCulture);
        var newest = await IdsAsync(admin, new JobSearch(), ct);
        var frequent = await IdsAsync(admin, new JobSearch { ArgPath = "customer", ArgValue = AdminScenario.Frequent }, ct);
        var rare = await IdsAsync(admin, new JobSearch { ArgPath = "customer", ArgValue = AdminScenario.Rare }, ct);
        var failed = await IdsAsync(admin, new JobSearch { States = [JobState.Failure] }, ct);
        var job = failed.FirstOrDefault();
        if (job == Guid.Empty) throw new InvalidOperationException("scenario A: no FAILURE job to show (the load makes 3 % of jobs fail)");
        return
        [
            new("overview", "overview: counts per state and queue, finished per minute and tasks of the last hour", "/",
                ["<h1>Overview</h1>", $"data-count=\"SUCCESS\">{succeeded}</span>", "<svg class=\"chart\"", "task%3Adefault.run",
                 .. counts.Select(q => $">{q.Queue}</a></td>")], null),
            new("jobs", "jobs list, first page, no filter", "/jobs", ["<h1>Jobs</h1>"], newest),
            new("arg", $"jobs search args.customer:\"{AdminScenario.Frequent}\" (3 % of jobs), first page", Search($"args.customer:\"{AdminScenario.Frequent}\""), [], frequent),
            new("arg_rare", $"jobs search args.customer:\"{AdminScenario.Rare}\" (a few jobs in 1,000,000)", Search($"args.customer:\"{AdminScenario.Rare}\""), [], rare),
            new("failed", "jobs filtered by state FAILURE (the tab), first page", "/jobs?state=FAILURE", [], failed),
            new("queues", "queues: waiting, scheduled, running, counts and limits per queue", "/queues",
                ["<h1>Queues</h1>", .. queues.Select(q => q.Name).Union(counts.Select(q => q.Queue)).Select(q => $"data-queue=\"{q}\"")], null),
            new("job", "one FAILURE job's detail (arguments, error, traceback, timeline)", "/jobs/" + job,
                [job.ToString(), "TimeoutException: the upstream did not answer in 30 s", "Traceback"], null),
        ];
    }

    private static string Search(string q) => "/jobs?q=" + Uri.EscapeDataString(q);

    /// <summary>The ids of a search's first page as the dashboard shows it (its default page size, 50).</summary>
    private static async Task<IReadOnlyList<Guid>> IdsAsync(JobAdmin admin, JobSearch search, CancellationToken ct)
        => (await admin.SearchJobsAsync(search with { Limit = new DashboardOptions().PageSize }, ct)).Jobs.Select(j => j.Id).ToList();

    private static void Check(Page page, HttpStatusCode status, string body)
    {
        if (status != HttpStatusCode.OK) throw new InvalidOperationException($"scenario A: GET {Prefix}{page.Path} answered {(int)status}:\n{Shorten(body)}");
        foreach (var text in page.Shows)
            if (!body.Contains(text, StringComparison.Ordinal)) throw new InvalidOperationException($"scenario A: {Prefix}{page.Path} lacks '{text}':\n{Shorten(body)}");
        if (page.Rows is not { } rows) return;
        var shown = RowPattern().Matches(body).Select(m => Guid.Parse(m.Groups[1].Value)).ToList();
        if (!shown.SequenceEqual(rows))
            throw new InvalidOperationException($"scenario A: {Prefix}{page.Path} shows {shown.Count} job rows, JobAdmin's page has {rows.Count} (or they differ)");
        if (rows.Count == 0 && !body.Contains("No jobs match.", StringComparison.Ordinal))
            throw new InvalidOperationException($"scenario A: {Prefix}{page.Path} shows no rows and does not say so");
    }

    private static string Shorten(string body) => body.Length <= 2000 ? body : body[..2000] + "…";

    [GeneratedRegex("<tr data-job=\"([0-9a-f-]{36})\"")]
    private static partial Regex RowPattern();

    /// <summary>One page: its figure's name, what it shows, its path below the prefix, texts it must contain, and the job rows it must list (in order), if a list.</summary>
    private sealed record Page(string Name, string What, string Path, IReadOnlyList<string> Shows, IReadOnlyList<Guid>? Rows);
}

/// <summary>Scenario A's table: how many jobs, loaded in how many seconds.</summary>
internal sealed record AdminLoad(int Jobs, double Seconds);
