// A worker host run as its own OS process by the multi-process tests.
// Usage: Jobs.TestWorker <connection-string> <schema> [workers] [concurrency] [lease-ms]
// Prints "READY <pid>" once its workers run, and "STARTED <job-id>" when a test.hang_first job starts its first attempt.
// The idle poll is minutes long, so the drains in the tests are carried by wake-ups (NOTIFY, reconnect resets),
// and a lost wake-up shows up as a stalled test rather than being papered over by polling.
using Jobs;
using Jobs.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var cs = args[0];
var schema = args[1];
var workers = args.Length > 2 ? int.Parse(args[2]) : 1;
var concurrency = args.Length > 3 ? int.Parse(args[3]) : 8;
var leaseMs = args.Length > 4 ? int.Parse(args[4]) : 30_000;
var quoted = "\"" + schema.Replace("\"", "\"\"") + "\"";
var appName = new NpgsqlConnectionStringBuilder(cs) { ApplicationName = "jobs-testworker" }.ConnectionString;
await using var effects = NpgsqlDataSource.Create(appName);

async Task RecordAsync(JobContext ctx)
{
    await using var cmd = effects.CreateCommand($"insert into {quoted}.side_effect (job_id, attempt, pid) values ($1, $2, $3)");
    cmd.Parameters.Add(new NpgsqlParameter { Value = ctx.Id });
    cmd.Parameters.Add(new NpgsqlParameter { Value = ctx.Attempt });
    cmd.Parameters.Add(new NpgsqlParameter { Value = Environment.ProcessId });
    await cmd.ExecuteNonQueryAsync(ctx.CancellationToken);
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Npgsql", LogLevel.Critical);
builder.Services.AddJobs(o =>
{
    o.UsePostgres(appName, p => p.Schema = schema);
    o.Maintenance.RescueInterval = TimeSpan.FromMilliseconds(500);
    o.AddTask<CountArgs, int>("test.count", async (a, ctx) =>
    {
        await RecordAsync(ctx);
        return a.I;
    });
    o.AddTask<CountArgs, string>("test.hang_first", async (a, ctx) =>
    {
        if (ctx.Attempt == 1)
        {
            Console.Out.WriteLine($"STARTED {ctx.Id}");
            Console.Out.Flush();
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
        }
        await RecordAsync(ctx);
        return $"done by {Environment.ProcessId} on attempt {ctx.Attempt}";
    });
    for (var i = 0; i < workers; i++)
        o.AddWorker(w => { w.Concurrency = concurrency; w.Lease = TimeSpan.FromMilliseconds(leaseMs); w.PollInterval = TimeSpan.FromMinutes(5); });
});
using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine($"READY {Environment.ProcessId}");
Console.Out.Flush();
await host.WaitForShutdownAsync();

internal sealed record CountArgs(int I);
