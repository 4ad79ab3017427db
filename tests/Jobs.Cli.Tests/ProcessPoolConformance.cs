using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// The process pool (<c>jobs worker -P process</c>) on each database, as real processes: children recycled after N
/// jobs or above a memory limit, a busy job killed at its hard time limit, a crashed child's job rescued at once,
/// graceful stop, and no child outliving its supervisor.
/// </summary>
public abstract class ProcessPoolConformance : MigratedCliTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private static string Sample => BuildOutput.SampleTasksDll;


    [Fact]
    public async Task Children_are_recycled_after_max_tasks_per_child_and_every_job_runs_once()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-A", Sample, "-c", "2", "--max-tasks-per-child", "10");
        Assert.Matches(@"^worker \S+ ready: queues default, pool process, concurrency 2$", pool.Supervisor.ReadyLine);
        Assert.Equal(2, pool.Children().Count);

        Assert.Equal("50", Ok(await Cli.RunAsync("enqueue", "sample.pid", "--count", "50", "-A", Sample)).Output);
        await UntilFinishedAsync(50, pool);

        var jobs = await ListAsync("sample.pid");
        Assert.Equal(50, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("SUCCESS", j.GetProperty("state").GetString()));
        Assert.All(jobs, j => Assert.Equal(1, j.GetProperty("attempt").GetInt32()));
        var pids = jobs.Select(j => j.GetProperty("result").GetInt32()).ToList();
        foreach (var pid in pids) pool.Saw(pid);
        Assert.True(pids.Distinct().Count() >= 5, $"expected at least 5 children, saw {string.Join(", ", pids.Distinct())}");
        Assert.All(pids.GroupBy(p => p), g => Assert.True(g.Count() <= 10, $"child {g.Key} ran {g.Count()} jobs"));
        // The worker column names the child: <pool name>/child-<slot>/<pid>.
        Assert.All(jobs, j => Assert.Matches($@"^{Regex(pool.Name)}/child-[12]/{j.GetProperty("result").GetInt32()}$", j.GetProperty("worker").GetString()!));

        Assert.Equal(0, await pool.StopAsync(Wait));
    }

    [Fact]
    public async Task Children_are_recycled_when_their_memory_passes_max_memory_per_child()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-A", Sample, "-c", "2", "--max-memory-per-child", "200", "-l", "Information");
        Ok(await Cli.RunAsync("enqueue", "sample.leak", "--count", "12", "-A", Sample));
        await UntilFinishedAsync(12, pool);

        var jobs = await ListAsync("sample.leak");
        Assert.All(jobs, j => Assert.Equal("SUCCESS", j.GetProperty("state").GetString()));
        var rss = jobs.Select(j => j.GetProperty("result").GetInt64()).ToList();
        Assert.All(rss, mb => Assert.True(mb <= 260, $"a child reached {mb} MB: {string.Join(", ", rss)}"));
        var children = jobs.Select(j => j.GetProperty("worker").GetString()!).Distinct().ToList();
        Assert.True(children.Count >= 2, $"expected the jobs to run in several children: {string.Join(", ", children)}");
        await UntilLoggedAsync(pool, "recycled with memory");

        Assert.Equal(0, await pool.StopAsync(Wait));
    }

    [Fact]
    public async Task A_busy_job_past_its_hard_time_limit_is_killed_with_its_child_and_the_pool_keeps_serving()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-A", Sample, "-c", "2");
        var spin = Ok(await Cli.RunAsync("enqueue", "sample.spin", "--time-limit", "2s", "--max-retries", "0", "-A", Sample)).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(spin) is "FAILURE", TimeSpan.FromSeconds(30), "the spinning job to fail");

        var job = await JobAsync(spin);
        Assert.StartsWith("TimeLimitExceeded: job exceeded its time limit of 2s", job.GetProperty("error").GetString());
        var ran = job.GetProperty("finishedAt").GetDateTimeOffset() - job.GetProperty("startedAt").GetDateTimeOffset();
        Assert.True(ran < TimeSpan.FromSeconds(3), $"the job ran {ran} past a 2s limit");
        var child = ChildPid(job);
        pool.Saw(child);
        await Eventually.UntilAsync(() => Task.FromResult(!ProcessTable.IsAlive(child)), TimeSpan.FromSeconds(10), $"child {child} to be gone");

        var add = Ok(await Cli.RunAsync("enqueue", "sample.add", "--args", """{"a": 2, "b": 3}""", "-A", Sample)).Output;
        Assert.Equal("5", Ok(await Cli.RunAsync("result", add, "--wait", "30s")).Output);
        await pool.WaitForChildrenAsync(2, Wait);
        Assert.Equal(0, await pool.StopAsync(Wait));
    }

    [Fact]
    public async Task A_running_job_revoked_with_terminate_has_its_child_killed_and_stays_revoked()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-A", Sample, "-c", "2");
        var spin = Ok(await Cli.RunAsync("enqueue", "sample.spin", "-A", Sample)).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(spin) == "STARTED", Wait, "the spinning job to start");
        var child = ChildPid(await JobAsync(spin));
        pool.Saw(child);
        Assert.True(ProcessTable.IsAlive(child));

        Assert.Equal($"revoked {spin}", Ok(await Cli.RunAsync("revoke", spin, "--terminate")).Output);
        await Eventually.UntilAsync(() => Task.FromResult(!ProcessTable.IsAlive(child)), TimeSpan.FromSeconds(10), $"child {child} to be killed");
        var job = await JobAsync(spin);
        Assert.Equal("REVOKED", job.GetProperty("state").GetString());
        Assert.Equal("revoked", job.GetProperty("error").GetString());

        var add = Ok(await Cli.RunAsync("enqueue", "sample.add", "--args", """{"a": 2, "b": 3}""", "-A", Sample)).Output;
        Assert.Equal("5", Ok(await Cli.RunAsync("result", add, "--wait", "30s")).Output);
        await pool.WaitForChildrenAsync(2, Wait);
        Assert.Equal("REVOKED", await Db.StateAsync(spin));
        Assert.Equal(0, await pool.StopAsync(Wait));
    }

    [Fact]
    public async Task A_crashed_childs_job_is_rescued_at_once_and_the_child_replaced()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-A", Sample, "-c", "2");
        var crash = Ok(await Cli.RunAsync("enqueue", "sample.crash", "--max-retries", "1", "-A", Sample)).Output;
        // Each attempt kills its child; the first is rescued back to PENDING, the second (the last) to FAILURE, each long before a 30 s lease.
        await Eventually.UntilAsync(async () => await Db.StateAsync(crash) is "FAILURE", TimeSpan.FromSeconds(20), "the crashing job to be rescued twice");
        var job = await JobAsync(crash);
        Assert.Equal(2, job.GetProperty("attempt").GetInt32());
        Assert.StartsWith("WorkerLostError", job.GetProperty("error").GetString());
        var took = job.GetProperty("finishedAt").GetDateTimeOffset() - job.GetProperty("createdAt").GetDateTimeOffset();
        Assert.True(took < TimeSpan.FromSeconds(15), $"two rescues took {took}");

        Ok(await Cli.RunAsync("enqueue", "sample.add", "--args", """{"a": 1, "b": 1}""", "--count", "6", "-A", Sample));
        await Eventually.UntilAsync(async () => await Db.CountAsync("task = 'sample.add' and state = 'SUCCESS'") == 6, Wait, "the next jobs to succeed");
        Assert.Equal(1, await Db.CountAsync("state in ('FAILURE', 'REVOKED')"));
        await pool.WaitForChildrenAsync(2, Wait);
        Assert.Equal(0, await pool.StopAsync(Wait));
    }

    [Fact]
    public async Task Sigterm_stops_every_child_gracefully_and_a_running_job_finishes()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-c", "3");
        Assert.Equal(3, pool.Children().Count);
        var sleep = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 2}""")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(sleep) == "STARTED", Wait, "the sleep job to start");
        Assert.Equal(0, await pool.StopAsync(Wait));
        Assert.Contains($"worker {pool.Name} stopped", pool.Supervisor.Stdout);
        Assert.Equal("SUCCESS", await Db.StateAsync(sleep));
    }

    [Fact]
    public async Task Children_stop_by_themselves_when_their_supervisor_is_killed()
    {
        await using var pool = await PoolWorker.StartAsync(Cli, "-c", "2");
        var children = pool.Children();
        Assert.Equal(2, children.Count);
        Assert.True(ProcessTable.Kill(pool.Pid));
        await Eventually.UntilAsync(() => Task.FromResult(!children.Any(ProcessTable.IsAlive)), Wait, "orphaned children to exit");
    }

    [Theory]
    [InlineData("--max-tasks-per-child", "5")]
    [InlineData("--max-memory-per-child", "100")]
    public async Task Child_limits_need_the_process_pool(string option, string value)
    {
        var result = await Cli.RunAsync("worker", "-P", "threads", option, value);
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.StderrLines);
        Assert.Equal($"error: {option} applies to the process pool only; use it with -P process", line);
        Assert.Equal("", result.Output);
    }

    private async Task UntilFinishedAsync(int count, PoolWorker pool)
    {
        try
        {
            await Eventually.UntilAsync(async () =>
            {
                pool.Children();
                return await Db.CountAsync("state in ('SUCCESS', 'FAILURE', 'REVOKED')") == count;
            }, TimeSpan.FromSeconds(120), $"{count} jobs to finish");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nsupervisor stderr:\n{pool.Supervisor.Stderr}", ex);
        }
    }

    private static Task UntilLoggedAsync(PoolWorker pool, string text)
        => Eventually.UntilAsync(() => Task.FromResult(pool.Supervisor.Stderr.Contains(text, StringComparison.Ordinal)), TimeSpan.FromSeconds(10),
            $"the supervisor to log '{text}'\n{pool.Supervisor.Stderr}");

    private async Task<List<JsonElement>> ListAsync(string task)
        => JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--task", task, "--limit", "1000", "--json")).Stdout).RootElement.EnumerateArray().ToList();

    private async Task<JsonElement> JobAsync(string id)
        => JsonDocument.Parse(Ok(await Cli.RunAsync("status", id, "--json")).Stdout).RootElement;

    /// <summary>The pid of the child that ran (the last attempt of) a job, from its worker name NAME/child-K/PID.</summary>
    private static int ChildPid(JsonElement job)
    {
        var worker = job.GetProperty("worker").GetString();
        Assert.NotNull(worker);
        return int.Parse(worker[(worker.LastIndexOf('/') + 1)..]);
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);

}
