using System.Net;
using System.Net.Http.Json;
using Jobs.Postgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Jobs.Postgres.Tests;

public sealed record ReportRequest(string Customer, int Year);
public sealed record Report(string Customer, int Year, decimal Total, string GeneratedBy);

/// <summary>
/// The seed's journey: the user asks a web app for a report; the app enqueues <c>reports.generate</c> and replies
/// with the id at once; a worker runs it; the job is marked completed in the database; the user fetches the report.
/// </summary>
public sealed class ReportFlowTests
{
    private static WebApplication BuildApp(PostgresHarness db, TaskCompletionSource release)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddJobs(jobs =>
        {
            jobs.UsePostgres(db.ConnectionString, o => o.Schema = db.Schema);
            jobs.AddTask<ReportRequest, Report>("reports.generate", async (req, ctx) =>
            {
                await release.Task.WaitAsync(ctx.CancellationToken); // the report takes a while
                return new Report(req.Customer, req.Year, req.Year * 1.5m, ctx.Worker);
            });
            jobs.AddWorker(w => w.Concurrency = 4);
        });
        var app = builder.Build();
        app.MapPost("/reports", async (ReportRequest req, IJobClient jobs) =>
        {
            var job = await jobs.EnqueueAsync("reports.generate", req);
            return Results.Accepted($"/reports/{job.Id}", new { id = job.Id });
        });
        app.MapGet("/reports/{id:guid}", async (Guid id, IJobClient jobs) =>
        {
            var job = await jobs.GetResult(id).GetInfoAsync();
            return job switch
            {
                null => Results.NotFound(),
                { State: JobState.Success } => Results.Content(job.Result!, "application/json"),
                { State: JobState.Failure or JobState.Revoked } => Results.Problem(job.Error),
                _ => Results.Json(new { state = job.CeleryState }, statusCode: StatusCodes.Status202Accepted),
            };
        });
        return app;
    }

    [Fact]
    public async Task A_web_request_enqueues_a_report_returns_its_id_at_once_and_the_finished_report_is_fetched_by_id()
    {
        await using var db = await PostgresHarness.CreateAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = BuildApp(db, release);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        // 1–3: the request is answered with the job id while the report is still being made.
        var posted = await http.PostAsJsonAsync("/reports", new ReportRequest("ACME", 2026));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var id = (await posted.Content.ReadFromJsonAsync<IdResponse>())!.Id;
        var pending = await http.GetAsync($"/reports/{id}");
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Contains(await pending.Content.ReadAsStringAsync(), new[] { "{\"state\":\"PENDING\"}", "{\"state\":\"STARTED\"}" });

        // 4–5: a worker runs it to completion and it is recorded in the database.
        release.SetResult();
        var client = app.Services.GetRequiredService<IJobClient>();
        var done = await client.GetResult(id).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Success, done.State);
        Assert.Equal("SUCCESS", await db.ScalarAsync<string>($"select state from \"{db.Schema}\".job where id = '{id}'"));

        // 6: the user retrieves the report.
        var report = await http.GetFromJsonAsync<Report>($"/reports/{id}");
        Assert.Equal(new Report("ACME", 2026, 3039m, done.Worker!), report);
        await app.StopAsync();
    }

    private sealed record IdResponse(Guid Id);
}
