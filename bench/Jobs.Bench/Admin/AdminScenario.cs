using System.Diagnostics;
using Jobs.Bench.Systems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jobs.Bench.Admin;

/// <summary>
/// Scenario A (bench/ADMIN.md): a table of <see cref="BenchSizes.A"/> jobs, mostly finished (admin_load.*.sql), then
/// <see cref="JobAdmin"/>'s search by an argument's value (a frequent value's first page and a page 5,000 matches deep,
/// a rare value, a value no job has), by state (FAILURE: first page and a page half way down), its counts per queue
/// and state and its queue list, each run <see cref="BenchSizes.ARepeats"/> times (more than the 5 custom plans
/// after which PostgreSQL may switch a prepared statement to a generic plan); the median is the figure. Then the
/// dashboard's pages over HTTP on the same table (<see cref="DashboardPages"/>).
/// </summary>
internal static class AdminScenario
{
    /// <summary>The opt-in index for argument search on PostgreSQL (README "Administration"), as a user would create it.</summary>
    public const string ArgsIndexSql = "create index if not exists job_args_idx on jobs.job using gin (args jsonb_path_ops)";

    /// <summary>The most frequent customer of the load (about 3 % of jobs), the rarest (a few jobs in a million), and one no job has.</summary>
    internal const string Frequent = "cust-00000", Rare = "cust-19999", Nobody = "nobody";

    /// <param name="buildHost">A host with Jobs on the target's store, no workers.</param>
    /// <param name="addJobs">The same, for another host (the dashboard's web application).</param>
    public static async Task<IReadOnlyList<BenchResult>> RunAsync(IJobsTarget target, Func<IHost> buildHost, Action<IServiceCollection, ILoggingBuilder> addJobs,
        BenchRun run, CancellationToken ct)
    {
        var jobs = run.Sizes.A;
        await target.ResetAsync();
        var load = Stopwatch.StartNew();
        await target.LoadAdminJobsAsync(jobs);
        var loadSeconds = Math.Round(load.Elapsed.TotalSeconds, 1);
        Console.Error.WriteLine($"bench: {target.Name} A: {jobs:#,0} jobs loaded in {loadSeconds} s");

        var results = new List<BenchResult>();
        using (var host = buildHost()) results.AddRange(await TimeAdminAsync(target, host.Services.GetRequiredService<JobAdmin>(), run, loadSeconds, ct));
        results.AddRange(await DashboardPages.RunAsync(target, addJobs, new AdminLoad(jobs, loadSeconds), run, ct));
        return results;
    }

    private static async Task<IReadOnlyList<BenchResult>> TimeAdminAsync(IJobsTarget target, JobAdmin admin, BenchRun run, double loadSeconds, CancellationToken ct)
    {
        var (jobs, repeats) = (run.Sizes.A, run.Sizes.ARepeats);
        var failed = (await admin.CountJobsAsync(ct)).Sum(q => q.Failed);
        var frequent = Arg(Frequent);
        var ops = new List<AdminOp>
        {
            new("arg_first", "argument customer = a frequent value (3 % of jobs), first page of 50", frequent),
            new("arg_deep", "the same, the page after 5,000 matches", frequent with { After = await AfterAsync(admin, frequent, 5_000, ct) }),
            new("arg_rare", "argument customer = a rare value (about 16 in 1,000,000 jobs)", Arg(Rare)),
            new("arg_none", "argument customer = a value no job has", Arg(Nobody)),
            new("state_first", "state FAILURE, first page of 50", State()),
            new("state_deep", "state FAILURE, the page half way down the failures", State() with { After = await AfterAsync(admin, State(), (int)(failed / 2), ct) }),
            new("count", "CountJobsAsync: jobs per queue and state", null),
            new("queues", "ListQueuesAsync: queues with waiting and running jobs", null),
        };

        var results = new List<BenchResult>();
        foreach (var op in ops)
        {
            var times = new List<double>();
            var rows = 0;
            for (var i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                rows = await RunOnceAsync(admin, op, ct);
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            var sorted = times.Order().ToList();
            var settings = BenchResult.SettingsOf(new
            {
                jobs, what = op.What, repeats, rows, first_ms = Math.Round(times[0], 2), min_ms = Math.Round(sorted[0], 2),
                max_ms = Math.Round(sorted[^1], 2), load_seconds = loadSeconds, args_index = target.ArgsIndex,
            });
            results.Add(new BenchResult(target.Name, target.Version, Scenario.A + "." + op.Name, Math.Round(Percentiles.Of(sorted, 0.5), 2), "ms", settings));
            if (run.Explain)
                Console.Error.WriteLine($"bench: {target.Name} A.{op.Name} ({op.What}):\n{await target.ExplainAdminAsync(op.Name, op.Search)}");
        }
        return results;
    }

    private static JobSearch Arg(string customer) => new() { ArgPath = "customer", ArgValue = customer, Limit = 50 };

    private static JobSearch State() => new() { States = [JobState.Failure], Limit = 50 };

    private static async Task<int> RunOnceAsync(JobAdmin admin, AdminOp op, CancellationToken ct) => op.Name switch
    {
        "count" => (await admin.CountJobsAsync(ct)).Count,
        "queues" => (await admin.ListQueuesAsync(ct)).Count,
        _ => (await admin.SearchJobsAsync(op.Search, ct)).Jobs.Count,
    };

    /// <summary>The <see cref="JobSearch.After"/> that starts a page <paramref name="depth"/> matches down (fewer when fewer match), walked 1,000 at a time.</summary>
    private static async Task<Guid?> AfterAsync(JobAdmin admin, JobSearch search, int depth, CancellationToken ct)
    {
        Guid? after = null;
        for (var seen = 0; seen < depth;)
        {
            var page = await admin.SearchJobsAsync(search with { After = after, Limit = Math.Min(1000, depth - seen) }, ct);
            if (page.Jobs.Count == 0) break;
            seen += page.Jobs.Count;
            after = page.Jobs[^1].Id;
            if (page.Next is null) break;
        }
        return after;
    }
}

/// <summary>One timed admin call: a search (null for the counts and the queue list).</summary>
internal sealed record AdminOp(string Name, string What, JobSearch? Search);
