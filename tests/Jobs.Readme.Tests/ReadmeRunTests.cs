using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Jobs.Migrations;
using Jobs.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ReadmeContext;
using Xunit;
using Xunit.Abstractions;

namespace Jobs.Readme.Tests;

/// <summary>
/// README blocks that can run cheaply on SQLite (a temp file) run, in their SQLite form (<see cref="SqliteVariant"/>):
/// <list type="bullet">
/// <item>The quick start: its migration block, then its web app (on a loopback port), driven over HTTP: POST /reports
/// enqueues, the app's own worker runs GenerateReport, GET /reports/{id} returns the report.</item>
/// <item>Every fragment that uses only context variables the harness binds (<see cref="Bound"/>: a running web app on
/// SQLite with a worker as <c>app</c>, its client and services, an open connection to its database, the ids of a
/// finished and of a waiting job (and a failed one with <c>customer.name</c> ACME for the searches), fresh
/// <c>JobsOptions</c> for registrations, the argument records) and no PostgreSQL API. The others are compile-only; the test output says why.</item>
/// </list>
/// Task names the blocks enqueue are declared remote (another process would run them), except reports.generate and
/// emails.send, which the worker runs (the context's RunAsync and SendAsync), and the canvas section's math tasks.
/// </summary>
[Collection(nameof(ReadmeRunTests))] // one at a time: the quick start changes the current directory
public sealed partial class ReadmeRunTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const string FailingTask = "readme.fails";

    /// <summary>The context variables the run harness binds; a fragment that uses any other is compile-only.</summary>
    public static readonly string[] Bound =
        ["app", "client", "provider", "connection", "id", "jobId", "jobs", "args", "req", "email", "order", "userId", "users", "RunAsync", "SendAsync"];

    private readonly string _dir = Directory.CreateTempSubdirectory("jobs-readme-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Quick_start_runs_on_SQLite()
    {
        var (migrate, web) = QuickStart(Readme.CSharpBlocks());

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var previous = Environment.CurrentDirectory;
        Directory.SetCurrentDirectory(_dir); // the quick start's "Data Source=jobs.db"
        try
        {
            var migration = Compiled(SqliteVariant.Of(migrate));
            await migration.CreateFragment().ExecuteSnippetAsync().WaitAsync(Timeout);
            Assert.True(File.Exists(Path.Combine(_dir, "jobs.db")), $"the migration block ({Readme.File}:{migrate.FirstLine}) made no jobs.db");

            output.WriteLine($"{Readme.File}:{migrate.FirstLine}: migrated jobs.db at {clock.ElapsedMilliseconds} ms");
            var app = Compiled(SqliteVariant.Of(web)).CreateFragment();
            app.args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"];
            using var capture = new HostCapture(s => s.AddSingleton<IReportData>(new FixedTotals(1234.5m)));
            var run = Task.Run(app.ExecuteSnippetAsync);
            var first = await Task.WhenAny(capture.Host, run).WaitAsync(Timeout);
            if (first == run) await run; // threw before the host was built
            var host = await capture.Host;
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await WhenStarted(lifetime, run);
                output.WriteLine($"{Readme.File}:{web.FirstLine}: the app started at {clock.ElapsedMilliseconds} ms");
                var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(address) };

                var posted = await http.PostAsJsonAsync("/reports", new { customer = "ACME", year = 2026 });
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
                var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

                var deadline = DateTime.UtcNow + Timeout;
                HttpResponseMessage got;
                while ((got = await http.GetAsync($"/reports/{id}")).StatusCode == HttpStatusCode.Accepted && DateTime.UtcNow < deadline)
                    await Task.Delay(50);
                Assert.Equal(HttpStatusCode.OK, got.StatusCode);
                var report = await got.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal("ACME", report.GetProperty("customer").GetString());
                Assert.Equal(2026, report.GetProperty("year").GetInt32());
                Assert.Equal(1234.5m, report.GetProperty("total").GetDecimal());
                output.WriteLine($"POST /reports -> job {id}; GET /reports/{id} -> {report} at {clock.ElapsedMilliseconds} ms");
            }
            finally
            {
                lifetime.StopApplication();
                await run.WaitAsync(Timeout);
                output.WriteLine($"the app stopped at {clock.ElapsedMilliseconds} ms");
            }
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    [Fact]
    public async Task Client_fragments_run_on_SQLite()
    {
        var blocks = Readme.CSharpBlocks();
        var database = $"Data Source={Path.Combine(_dir, "client.db")}";
        new JobsMigrator(JobsDatabase.Sqlite, database).MigrateUp();

        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddJobs(jobs =>
        {
            jobs.UseSqlite(database);
            jobs.AddTask<ReportRequest, Report>("reports.generate", ReadmeSnippet.RunAsync);
            jobs.AddTask<Email, bool>("emails.send", ReadmeSnippet.SendAsync);
            jobs.AddTask<JsonElement, bool>(FailingTask, (_, _) => throw new InvalidOperationException("a failure for the README's searches"));
            // The canvas section's Celery examples (add.s(2, 2) | add.s(4) | ...) run and wait for their results.
            jobs.AddTask<MathArgs, int>("math.add", (a, _) => Task.FromResult(a.X + a.Y));
            jobs.AddTask<MathArgs, int>("math.mul", (a, _) => Task.FromResult(a.X * a.Y));
            jobs.AddTask<int[], int>("math.tsum", (numbers, _) => Task.FromResult(numbers.Sum()));
            foreach (var task in TaskNames(blocks).Except(LocalTasks)) jobs.AddRemoteTask(task);
            jobs.AddWorker(w => w.Queues = ["default"]);
        });
        await using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var client = host.Services.GetRequiredService<IJobClient>();
            await using var connection = new SqliteConnection(database);
            await connection.OpenAsync();
            await using (var create = connection.CreateCommand())
            {
                create.CommandText = "create table orders (id, customer, total)"; // the Dapper section's table
                await create.ExecuteNonQueryAsync();
            }
            var finished = await client.EnqueueAsync("reports.generate", new ReportRequest("ACME", 2026));
            await finished.WaitAsync(Timeout);
            // The JobAdmin block searches failed jobs by an argument (customer.name = ACME) and reads the first.
            var failed = await client.EnqueueAsync(FailingTask, new { customer = new { name = "ACME" } }, new EnqueueOptions { MaxRetries = 0 });
            await failed.WaitAsync(Timeout);
            var waiting = await client.EnqueueAsync("reports.generate", new ReportRequest("ACME", 2027), new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });

            var failures = new List<string>();
            var ran = 0;
            var (migrate, web) = QuickStart(blocks);
            CodeBlock[] quickStart = [migrate, web];
            foreach (var block in blocks)
            {
                var variant = SqliteVariant.Of(block);
                var compiled = SnippetCompiler.Compile(variant);
                if (compiled.Errors.Count > 0)
                {
                    // The block as written is ReadmeCSharpTests' to report; its SQLite alternative is this test's.
                    if (variant.Code != block.Code && SnippetCompiler.Compile(block).Errors.Count == 0)
                        failures.Add($"its SQLite alternative does not compile: {compiled.Report()}");
                    continue;
                }
                if (compiled.WholeFile) { output.WriteLine($"{Readme.File}:{block.FirstLine}: compile-only (a whole file)"); continue; }
                var use = ContextUse.Of(compiled);
                var unbound = use.Members.Except(Bound).ToList();
                if (use.NeedsPostgres || unbound.Count > 0 || quickStart.Contains(block))
                {
                    output.WriteLine($"{Readme.File}:{block.FirstLine}: not run here ("
                                     + (quickStart.Contains(block) ? "the quick start: Quick_start_runs_on_SQLite runs it"
                                         : use.NeedsPostgres ? "PostgreSQL" : "uses " + string.Join(", ", unbound) + ", which the run harness does not bind") + ")");
                    continue;
                }
                var snippet = compiled.CreateFragment();
                snippet.app = host;
                snippet.client = client;
                snippet.provider = host.Services;
                snippet.jobId = waiting.Id;
                snippet.connection = connection;
                snippet.id = finished.Id;
                snippet.jobs = new JobsOptions();
                var started = System.Diagnostics.Stopwatch.StartNew();
                try
                {
                    await snippet.ExecuteSnippetAsync().WaitAsync(Timeout);
                    ran++;
                    output.WriteLine($"{Readme.File}:{block.FirstLine}: ran in {started.ElapsedMilliseconds} ms (uses {string.Join(", ", use.Members)})");
                }
                catch (Exception e)
                {
                    failures.Add($"{Readme.File}: the ```{block.Info} block at line {block.FirstLine - 1} fails when run on SQLite "
                                 + $"(its frames below name their {Readme.File} lines):\n{e}");
                }
            }
            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
            Assert.True(ran >= 5, $"only {ran} README fragments ran; expected the client ones (enqueue, results, attempts, unique, Dapper, ...)");
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>The quick start: the block that runs the migrations and the web app after it.</summary>
    private static (CodeBlock Migrate, CodeBlock Web) QuickStart(IReadOnlyList<CodeBlock> blocks)
        => (blocks.FirstOrDefault(b => b.Code.Contains("new JobsMigrator(", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{Readme.File} has no block that runs the migrations (new JobsMigrator(...))"),
            blocks.FirstOrDefault(b => b.Code.Contains("WebApplication.CreateBuilder(", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{Readme.File} has no quick-start web app (WebApplication.CreateBuilder)"));

    private static SnippetCompilation Compiled(CodeBlock block)
    {
        var compiled = SnippetCompiler.Compile(block);
        Assert.True(compiled.Errors.Count == 0, compiled.Report());
        return compiled;
    }

    private static async Task WhenStarted(IHostApplicationLifetime lifetime, Task run)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        if (await Task.WhenAny(started.Task, run).WaitAsync(Timeout) == run) await run;
    }

    /// <summary>String literals of the README's C# blocks that look like task names ("reports.generate").</summary>
    private static IEnumerable<string> TaskNames(IEnumerable<CodeBlock> blocks)
        => blocks.SelectMany(b => TaskName().Matches(b.Code)).Select(m => m.Groups["name"].Value).Distinct();

    [GeneratedRegex(@"""(?<name>[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+)""")]
    private static partial Regex TaskName();

    /// <summary>The tasks the harness's worker runs; every other task name of the README is declared remote.</summary>
    private static readonly string[] LocalTasks = ["reports.generate", "emails.send", "math.add", "math.mul", "math.tsum"];

    private sealed record MathArgs(int X, int Y);

    private sealed class FixedTotals(decimal total) : IReportData
    {
        public Task<decimal> TotalAsync(string customer, int year, CancellationToken cancellationToken) => Task.FromResult(total);
    }
}
