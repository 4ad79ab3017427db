namespace Jobs.Bench.Systems;

/// <summary>A database Jobs is measured on: how to configure Jobs for it, reset it between scenarios, and count durable completions.</summary>
internal interface IJobsTarget
{
    string Name { get; }
    string Version { get; }

    /// <summary>The worker layout that drains fastest on this database (measured; see bench/RESULTS.md).</summary>
    JobsWorkerLayout Layout { get; }

    Task PrepareAsync(BenchRun run);
    Task ResetAsync();
    void Configure(JobsOptions options);
    Task<long> CountSucceededAsync();

    /// <summary>Scenario A: whether the opt-in argument index is there (PostgreSQL, <c>JOBS_BENCH_ARGS_INDEX=1</c>).</summary>
    bool ArgsIndex => false;

    /// <summary>Scenario A: loads <paramref name="jobs"/> jobs into the empty store (Admin/admin_load.*.sql) and leaves it as a running system would (statistics, counts).</summary>
    Task LoadAdminJobsAsync(int jobs);

    /// <summary>Scenario A with <c>--explain</c>: the plan of the statement behind an admin call (a search, or the counts or queue list when null).</summary>
    Task<string> ExplainAdminAsync(string op, JobSearch? search);
}

/// <summary>Workers in the process and the concurrency and prefetch of each.</summary>
internal sealed record JobsWorkerLayout(int Workers, int Concurrency, int Prefetch)
{
    /// <summary>The layout, or the one in <c>JOBS_BENCH_LAYOUT</c> ("workers,concurrency,prefetch": for tuning runs).</summary>
    public JobsWorkerLayout OrOverride()
    {
        var text = Environment.GetEnvironmentVariable("JOBS_BENCH_LAYOUT");
        if (string.IsNullOrWhiteSpace(text)) return this;
        var n = text.Split(',').Select(int.Parse).ToArray();
        return new JobsWorkerLayout(n[0], n[1], n[2]);
    }
}
