// A worker host run as its own OS process by the multi-process tests.
// Usage: Jobs.TestWorker <connection-string> <schema> [workers] [concurrency] [lease-ms]
// With schema "sqlite" the connection string is a SQLite one (the file holds a side_effect table as well).
// Prints "READY <pid>" once its workers run, and "STARTED <job-id>" when a test.hang_first job starts its first attempt.
// The idle poll is minutes long, so the drains in the tests are carried by wake-ups (NOTIFY, reconnect resets),
// and a lost wake-up shows up as a stalled test rather than being papered over by polling.
using Jobs;
using System.Text.Json;
using Jobs.Postgres;
using Jobs.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

var cs = args[0];
var schema = args[1];
var workers = args.Length > 2 ? int.Parse(args[2]) : 1;
var concurrency = args.Length > 3 ? int.Parse(args[3]) : 8;
var leaseMs = args.Length > 4 ? int.Parse(args[4]) : 30_000;
var sqlite = schema == "sqlite";
var quoted = "\"" + schema.Replace("\"", "\"\"") + "\"";
var appName = sqlite ? cs : new NpgsqlConnectionStringBuilder(cs) { ApplicationName = "jobs-testworker" }.ConnectionString;
await using var effects = sqlite ? null : NpgsqlDataSource.Create(appName);
// The tests hand out pools capped at 10 (PostgresServer.MaxPoolSize). Four workers claiming, completing and renewing
// leases through one store want a few more at once: at 10 the 20,000-job drain took about a third longer.
var storeCs = sqlite ? cs : new NpgsqlConnectionStringBuilder(appName) { MaxPoolSize = 16 }.ConnectionString;

async Task RecordAsync(JobContext ctx)
{
    if (sqlite)
    {
        await using var conn = new SqliteConnection(cs);
        await conn.OpenAsync(ctx.CancellationToken);
        await using var insert = conn.CreateCommand();
        insert.CommandText = "insert into side_effect (job_id, attempt, pid) values ($id, $attempt, $pid)";
        insert.Parameters.AddWithValue("$id", ctx.Id.ToString());
        insert.Parameters.AddWithValue("$attempt", ctx.Attempt);
        insert.Parameters.AddWithValue("$pid", Environment.ProcessId);
        await insert.ExecuteNonQueryAsync(ctx.CancellationToken);
        return;
    }
    await using var cmd = effects!.CreateCommand($"insert into {quoted}.side_effect (job_id, attempt, pid) values ($1, $2, $3)");
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
    if (sqlite) o.UseSqlite(cs);
    else o.UsePostgres(storeCs, p => p.Schema = schema);
    o.Maintenance.RescueInterval = TimeSpan.FromMilliseconds(500);
    o.AddTask<CountArgs, int>("test.count", async (a, ctx) =>
    {
        await RecordAsync(ctx);
        return a.I;
    });
    // A chord callback: records that it ran and returns the member results it was given.
    o.AddTask<JsonElement, JsonElement>("test.collect", async (a, ctx) =>
    {
        await RecordAsync(ctx);
        return a;
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
