using System.Text.Json;
using Jobs.Cli.Tests.Infrastructure;
using Xunit;

namespace Jobs.Cli.Tests;

/// <summary>
/// The console's behaviour, run against each database as real processes: migrations, a worker, enqueue and results,
/// list and queues, retry, revoke, purge, the demo, and one-line user errors with meaningful exit codes.
/// </summary>
public abstract class CliConformance : IAsyncLifetime
{
    protected CliDatabase Db { get; private set; } = null!;
    protected JobsCli Cli => Db.Cli;

    protected abstract Task<CliDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => Db = await CreateDatabaseAsync();

    public async Task DisposeAsync() => await Db.DisposeAsync();

    [Fact]
    public async Task Migrate_status_script_up_and_down()
    {
        var status = Ok(await Cli.RunAsync("migrate", "status", "--json"));
        Assert.All(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray(), m => Assert.False(m.GetProperty("applied").GetBoolean()));

        var script = Ok(await Cli.RunAsync("migrate", "script"));
        Assert.Contains("create table", script.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("job", script.Stdout);
        Assert.Equal(0, Ok(await Cli.RunAsync("migrate", "status", "--json")).Stdout.Split("\"applied\":true").Length - 1); // script ran nothing

        Assert.Matches(@"applied \d+ migration", Ok(await Cli.RunAsync("migrate", "up")).Stdout);
        Assert.Contains("already up to date", Ok(await Cli.RunAsync("migrate", "up")).Stdout);
        status = Ok(await Cli.RunAsync("migrate", "status", "--json"));
        Assert.All(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray(), m => Assert.True(m.GetProperty("applied").GetBoolean()));
        Assert.Contains("up to date", Ok(await Cli.RunAsync("migrate", "status")).Stdout);
        Assert.Contains("nothing to apply", Ok(await Cli.RunAsync("migrate", "script")).Stdout);
        Assert.Equal(0, await Db.CountAsync());

        Assert.Matches(@"reverted \d+ migration", Ok(await Cli.RunAsync("migrate", "down")).Stdout);
        status = Ok(await Cli.RunAsync("migrate", "status", "--json"));
        Assert.All(JsonDocument.Parse(status.Stdout).RootElement.EnumerateArray(), m => Assert.False(m.GetProperty("applied").GetBoolean()));
        UserError(await Cli.RunAsync("queues"), 2, "migrate up");
    }

    [Fact]
    public async Task Jobs_of_every_codec_and_compression_enqueued_from_the_console_run_and_jobs_result_prints_them_as_json()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        await using var worker = await WorkerProcess.StartAsync(Cli);
        var text = new string('x', 3000); // above the 1 KiB threshold: compressed
        var args = $$"""{"text":"{{text}}","n":7}""";
        var id = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", args, "--codec", "msgpack", "--compression", "gzip")).Output;
        Assert.Equal(args, Ok(await Cli.RunAsync("result", id, "--wait", "30s")).Output);
        var status = Ok(await Cli.RunAsync("status", id)).Output.Split('\n');
        Assert.Equal("SUCCESS", status[0]);
        Assert.Equal("payload: application/x-msgpack + gzip", status[1]);
        var job = JsonDocument.Parse(Ok(await Cli.RunAsync("status", id, "--json")).Stdout).RootElement;
        Assert.Equal(7, job.GetProperty("args").GetProperty("n").GetInt32());
        Assert.Equal(7, job.GetProperty("result").GetProperty("n").GetInt32());
        Assert.Equal("application/x-msgpack", job.GetProperty("contentType").GetString());
        Assert.Equal("gzip", job.GetProperty("contentEncoding").GetString());
        UserError(await Cli.RunAsync("enqueue", "jobs.echo", "--codec", "pickle"), 2, "pickle");

        // Every codec with every compression, through the console's enqueue, a worker process and jobs result.
        var ids = new List<(string Codec, string Compression, string Id)>();
        foreach (var codec in new[] { "json", "msgpack", "yaml" })
            foreach (var compression in new[] { "none", "gzip", "zlib", "br", "bzip2" })
                ids.Add((codec, compression, Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", args, "--codec", codec, "--compression", compression)).Output));
        foreach (var (codec, compression, each) in ids)
        {
            var result = Ok(await Cli.RunAsync("result", each, "--wait", "30s")).Output; // plain JSON comes back as jsonb prints it
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(args), System.Text.Json.Nodes.JsonNode.Parse(result)),
                $"{codec} + {compression}: the result {result} differs from the arguments");
        }
    }

    [Fact]
    public async Task A_worker_runs_an_echo_job_and_stops_gracefully_on_sigterm()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        await using var worker = await WorkerProcess.StartAsync(Cli, "--queues", "default,other", "--concurrency", "4");
        Assert.Matches(@"^worker \S+ ready: queues default, other, pool async, concurrency 4$", worker.ReadyLine);

        var id = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--args", """{"x":1}""")).Output;
        Assert.True(Guid.TryParse(id, out _), id);
        Assert.Equal("""{"x":1}""", Ok(await Cli.RunAsync("result", id, "--wait", "30s")).Output);
        var status = Ok(await Cli.RunAsync("status", id)).Output.Split('\n');
        Assert.Equal("SUCCESS", status[0]); // the state first, then the attempts
        Assert.Contains(status, l => l.Contains("│ 1 ") && l.Contains("SUCCESS") && l.Contains(worker.Name));

        var job = JsonDocument.Parse(Ok(await Cli.RunAsync("status", id, "--json")).Stdout).RootElement;
        var attempt = Assert.Single(job.GetProperty("attempts").EnumerateArray());
        Assert.Equal(1, attempt.GetProperty("attempt").GetInt32());
        Assert.Equal("SUCCESS", attempt.GetProperty("state").GetString());
        Assert.Equal(worker.Name, attempt.GetProperty("worker").GetString());
        Assert.Equal(id, job.GetProperty("id").GetString());
        Assert.Equal("jobs.echo", job.GetProperty("task").GetString());
        Assert.Equal(1, job.GetProperty("args").GetProperty("x").GetInt32());
        Assert.Equal(1, job.GetProperty("result").GetProperty("x").GetInt32());
        Assert.Equal(worker.Name, job.GetProperty("worker").GetString());

        // A job still running when SIGTERM arrives finishes within the grace period; the worker exits 0.
        var sleep = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 1}""", "-Q", "other")).Output;
        await Eventually.UntilAsync(async () => await Db.StateAsync(sleep) == "STARTED", TimeSpan.FromSeconds(30), "the sleep job to start");
        Assert.Equal(0, await worker.StopAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"worker {worker.Name} stopped", worker.Stdout);
        Assert.Equal("SUCCESS", await Db.StateAsync(sleep));
        Assert.Equal("""{"seconds":1}""", Ok(await Cli.RunAsync("result", sleep)).Output);
    }

    [Fact]
    public async Task List_and_queues_show_jobs_as_tables_and_json()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        Assert.Equal("3", Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "3", "--queue", "bulk")).Output);
        var scheduled = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--countdown", "1h", "--priority", "5", "--max-retries", "1")).Output;
        Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--eta", "2099-01-01T00:00:00Z", "--expires", "1d"));

        var all = JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--json")).Stdout).RootElement;
        Assert.Equal(5, all.GetArrayLength());
        var bulk = JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--queue", "bulk", "--json")).Stdout).RootElement;
        Assert.Equal(3, bulk.GetArrayLength());
        Assert.All(bulk.EnumerateArray(), j => Assert.Equal("PENDING", j.GetProperty("state").GetString()));
        var sleeping = JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--state", "scheduled", "--task", "jobs.sleep", "--json")).Stdout).RootElement;
        var job = Assert.Single(sleeping.EnumerateArray());
        Assert.Equal(scheduled, job.GetProperty("id").GetString());
        Assert.Equal(5, job.GetProperty("priority").GetInt32());
        Assert.Equal(2, job.GetProperty("maxAttempts").GetInt32());
        Assert.Equal(2, JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--limit", "2", "--json")).Stdout).RootElement.GetArrayLength());

        var table = Ok(await Cli.RunAsync("list", "--queue", "bulk")).Stdout;
        Assert.Contains("jobs.echo", table);
        Assert.Contains("3 job(s)", table);
        Assert.Contains(scheduled, Ok(await Cli.RunAsync("list")).Stdout);

        var queues = JsonDocument.Parse(Ok(await Cli.RunAsync("queues", "--json")).Stdout).RootElement;
        var stats = queues.EnumerateArray().ToDictionary(q => q.GetProperty("queue").GetString()!);
        Assert.Equal(3, stats["bulk"].GetProperty("pending").GetInt64());
        Assert.Equal(2, stats["default"].GetProperty("scheduled").GetInt64());
        var text = Ok(await Cli.RunAsync("queues")).Stdout;
        foreach (var column in new[] { "queue", "scheduled", "pending", "running", "succeeded", "failed", "retrying" }) Assert.Contains(column, text);
        Assert.Contains("bulk", text);
    }

    [Fact]
    public async Task A_failed_job_fails_the_result_command_and_retry_requeues_it()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        string id;
        await using (var worker = await WorkerProcess.StartAsync(Cli))
        {
            id = Ok(await Cli.RunAsync("enqueue", "jobs.fail", "--args", """{"message": "boom"}""", "--max-retries", "0")).Output;
            var failed = await Cli.RunAsync("result", id, "--wait", "30s");
            UserError(failed, 1, "FAILURE");
            Assert.Contains("boom", failed.Stderr);
            Assert.Equal(0, await worker.StopAsync(TimeSpan.FromSeconds(30)));
        }
        var failedStatus = Ok(await Cli.RunAsync("status", id)).Output.Split('\n');
        Assert.Equal("FAILURE", failedStatus[0]);
        Assert.Contains(failedStatus, l => l.Contains("│ 1 ") && l.Contains("FAILURE") && l.Contains("TaskFailedException: boom"));
        var failures = JsonDocument.Parse(Ok(await Cli.RunAsync("list", "--state", "FAILURE", "--json")).Stdout).RootElement;
        Assert.Contains("TaskFailedException: boom", Assert.Single(failures.EnumerateArray()).GetProperty("error").GetString());

        Assert.Contains(id, Ok(await Cli.RunAsync("retry", id)).Output);
        Assert.Equal("PENDING", Ok(await Cli.RunAsync("status", id)).Output.Split('\n')[0]); // its failed attempt stays in the history
        UserError(await Cli.RunAsync("retry", id), 2, "only FAILURE and REVOKED");
        Assert.Equal("""{"retried":0}""", Ok(await Cli.RunAsync("retry", "--failed", "--json")).Output); // a count: --failed may requeue millions
    }

    [Fact]
    public async Task Revoke_and_purge()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        var later = Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--countdown", "1h")).Output;
        Assert.Equal("SCHEDULED", Ok(await Cli.RunAsync("status", later)).Output);
        Assert.Equal($"revoked {later}", Ok(await Cli.RunAsync("revoke", later)).Output);
        Assert.Equal("REVOKED", Ok(await Cli.RunAsync("status", later)).Output);
        Assert.Contains("already revoked", Ok(await Cli.RunAsync("revoke", later)).Output);
        UserError(await Cli.RunAsync("result", later), 1, "REVOKED");

        Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "4"));
        Ok(await Cli.RunAsync("enqueue", "jobs.echo", "--count", "2", "-Q", "keep"));
        Assert.Equal("purged 4 job(s)", Ok(await Cli.RunAsync("purge", "--queue", "default")).Output);
        Assert.Equal(3, await Db.CountAsync());
        Assert.Equal("purged 0 job(s)", Ok(await Cli.RunAsync("purge", "--finished-before", "2000-01-01")).Output);
        Assert.Equal("""{"purged":1}""", Ok(await Cli.RunAsync("purge", "--finished-before", "2100-01-01T00:00:00Z", "--json")).Output);
        Assert.Equal("purged 2 job(s)", Ok(await Cli.RunAsync("purge")).Output);
        Assert.Equal(0, await Db.CountAsync());
    }

    [Fact]
    public async Task Tasks_from_an_assembly_given_with_A_are_known_and_run()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        UserError(await Cli.RunAsync("enqueue", "sample.add", "--args", """{"a": 2, "b": 3}"""), 2, "-A");
        await using var worker = await WorkerProcess.StartAsync(Cli, "-A", BuildOutput.SampleTasksDll, "--pool", "threads");
        Assert.Contains("pool threads", worker.ReadyLine);
        Assert.Contains("sample.add", worker.Stdout);
        var id = Ok(await Cli.RunAsync("enqueue", "sample.add", "--args", """{"a": 2, "b": 3}""", "-A", BuildOutput.SampleTasksDll)).Output;
        Assert.Equal("5", Ok(await Cli.RunAsync("result", id, "--wait", "30s")).Output);
    }

    [Fact]
    public async Task Time_limits_given_on_enqueue_or_to_the_worker_fail_overlong_jobs()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        var own = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 30}""", "--time-limit", "1s")).Output;
        var soft = Ok(await Cli.RunAsync("enqueue", "jobs.sleep", "--args", """{"seconds": 30}""", "--max-retries", "0")).Output;
        await using var worker = await WorkerProcess.StartAsync(Cli, "--soft-time-limit", "1s");
        UserError(await Cli.RunAsync("result", own, "--wait", "30s"), 1, "TimeLimitExceeded");
        UserError(await Cli.RunAsync("result", soft, "--wait", "30s"), 1, "SoftTimeLimitExceeded");
    }

    [Fact]
    public async Task Schedules_are_managed_at_run_time_and_fired_by_a_worker_with_beat()
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        Assert.Contains("no schedules", Ok(await Cli.RunAsync("schedule", "list")).Stdout);
        Assert.Contains("schedule tick saved; next run", Ok(await Cli.RunAsync("schedule", "add", "tick", "--task", "jobs.echo", "--every", "1s", "--args", """{"t":1}""")).Stdout);
        var listed = Assert.Single(JsonDocument.Parse(Ok(await Cli.RunAsync("schedule", "list", "--json")).Stdout).RootElement.EnumerateArray());
        Assert.Equal(1000, listed.GetProperty("everyMs").GetInt64());
        Assert.True(listed.GetProperty("enabled").GetBoolean());

        await using (var worker = await WorkerProcess.StartAsync(Cli, "--beat"))
        {
            Assert.Contains("with beat", worker.ReadyLine);
            try { await Eventually.UntilAsync(async () => await Db.CountAsync("state = 'SUCCESS'") >= 2, TimeSpan.FromSeconds(30), "two scheduled jobs to run"); }
            catch (TimeoutException ex) { throw new TimeoutException($"{ex.Message}\nworker stderr:\n{worker.Stderr}\nschedules:\n{(await Cli.RunAsync("schedule", "list")).Stdout}", ex); }
            Assert.Contains("schedule tick disabled", Ok(await Cli.RunAsync("schedule", "disable", "tick")).Stdout);
        }
        Assert.Contains("tick", Ok(await Cli.RunAsync("schedule", "list")).Stdout);
        Assert.False(Assert.Single(JsonDocument.Parse(Ok(await Cli.RunAsync("schedule", "list", "--json")).Stdout).RootElement.EnumerateArray())
            .GetProperty("enabled").GetBoolean());
        Assert.Contains("schedule tick removed", Ok(await Cli.RunAsync("schedule", "remove", "tick")).Stdout);
        UserError(await Cli.RunAsync("schedule", "remove", "tick"), 2, "no schedule named 'tick'");
        UserError(await Cli.RunAsync("schedule", "add", "bad", "--task", "jobs.echo", "--cron", "not a cron"), 2, "Invalid cron expression");
        UserError(await Cli.RunAsync("schedule", "add", "bad", "--task", "jobs.echo", "--every", "1m", "--tz", "Mars/Olympus"), 2, "Unknown time zone");
    }

    [Fact]
    public async Task The_demo_runs_report_jobs_and_prints_throughput_and_a_report()
    {
        var demo = Ok(await Cli.RunAsync("demo", "--jobs", "300"));
        Assert.Contains("300 jobs in", demo.Stdout);
        Assert.Contains("jobs/s", demo.Stdout);
        Assert.Contains("\"customer\"", demo.Stdout);
        var json = JsonDocument.Parse(Ok(await Cli.RunAsync("demo", "--jobs", "50", "--json")).Stdout).RootElement;
        Assert.Equal(50, json.GetProperty("jobs").GetInt32());
        Assert.Equal(0, json.GetProperty("failed").GetInt32());
        Assert.True(json.GetProperty("jobsPerSecond").GetDouble() > 0);
        Assert.True(json.GetProperty("report").GetProperty("revenue").GetDecimal() > 0);
    }

    public static TheoryData<string> UserErrors() =>
    [
        "unknown provider", "bad JSON in --args", "malformed id", "unknown id", "unreachable database", "unknown task",
        "unmigrated database", "bad duration", "unknown state", "unsupported pool", "unknown command", "missing -A assembly",
        "unfinished job without --wait", "timed-out wait", "worker on an unmigrated database",
        "not a number",
    ];

    [Theory]
    [MemberData(nameof(UserErrors))]
    public async Task User_errors_print_one_line_on_stderr_and_exit_non_zero(string error)
    {
        Ok(await Cli.RunAsync("migrate", "up"));
        var missing = Guid.CreateVersion7().ToString();
        var (result, code, text) = error switch
        {
            "unknown provider" => (await Cli.RunAsync("queues", "--provider", "mysql"), 2, "unknown provider 'mysql'"),
            "bad JSON in --args" => (await Cli.RunAsync("enqueue", "jobs.echo", "--args", "{x:1"), 2, "--args is not valid JSON"),
            "malformed id" => (await Cli.RunAsync("status", "not-a-uuid"), 2, "'not-a-uuid' is not a job id"),
            "unknown id" => (await Cli.RunAsync("status", missing), 2, $"no job with id {missing}"),
            "unreachable database" => (await Cli.RunAsync(["queues", .. Db.UnreachableArgs()]), 3, ""),
            "unknown task" => (await Cli.RunAsync("enqueue", "reports.nope"), 2, "unknown task 'reports.nope'"),
            "unmigrated database" => (await Cli.RunAsync(["list", .. Db.UnmigratedArgs()]), 2, "jobs migrate up"),
            "bad duration" => (await Cli.RunAsync("enqueue", "jobs.echo", "--countdown", "5 parsecs"), 2, "--countdown"),
            "unknown state" => (await Cli.RunAsync("list", "--state", "DONE"), 2, "SCHEDULED"),
            "unsupported pool" => (await Cli.RunAsync("worker", "--pool", "prefork"), 2, "supported pools: async, threads, solo"),
            "unknown command" => (await Cli.RunAsync("frobnicate"), 2, "frobnicate"),
            "missing -A assembly" => (await Cli.RunAsync("enqueue", "jobs.echo", "-A", "no/such/Tasks.dll"), 2, "no assembly at"),
            "unfinished job without --wait" => (await Cli.RunAsync("result", Ok(await Cli.RunAsync("enqueue", "jobs.echo")).Output), 1, "has not finished"),
            "timed-out wait" => (await Cli.RunAsync("result", Ok(await Cli.RunAsync("enqueue", "jobs.echo")).Output, "--wait", "300ms"), 1, "did not finish within 300ms"),
            "worker on an unmigrated database" => (await Cli.RunAsync(["worker", .. Db.UnmigratedArgs()]), 2, "jobs migrate up"),
            "not a number" => (await Cli.RunAsync("enqueue", "jobs.echo", "--count", "lots"), 2, "--count: 'lots' is not a whole number"),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
        };
        UserError(result, code, text);
    }

    /// <summary>Asserts success and returns the result.</summary>
    protected static CliResult Ok(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Asserts a user error: the exit code, nothing on stdout, exactly one <c>error: ...</c> line on stderr.</summary>
    protected static void UserError(CliResult result, int exitCode, string text)
    {
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        var line = Assert.Single(result.StderrLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(text, line);
        Assert.True(result.Output.Length == 0, $"expected no stdout: {result}");
    }
}
