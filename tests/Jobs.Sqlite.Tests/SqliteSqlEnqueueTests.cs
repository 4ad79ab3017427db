using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Jobs.Sqlite.Tests;

/// <summary>
/// Enqueue from another language on SQLite (migration 12, README "Other languages: enqueue with SQL"): a bare INSERT
/// of task and args on a plain connection is a complete job (the id is a database-made UUIDv7) and an idle worker,
/// whose safety poll is 60 s, sees the commit through pragma data_version and runs it.
/// </summary>
public sealed class SqliteSqlEnqueueTests : IAsyncLifetime
{
    private SqliteHarness _db = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await SqliteHarness.CreateAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddJobs(o =>
        {
            o.UseSqlite(_db.ConnectionString, s => s.SafetyPollInterval = TimeSpan.FromSeconds(60));
            o.AddTask<JsonElement, JsonElement>("echo", (args, _) => Task.FromResult(args));
            o.AddWorker(w => w.PollInterval = TimeSpan.FromSeconds(60));
        });
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_bare_insert_of_task_and_args_is_run_by_an_idle_worker()
    {
        var client = _host.Services.GetRequiredService<IJobClient>();
        var ids = new List<Guid>();
        await using (var conn = new SqliteConnection(_db.ConnectionString))
        {
            await conn.OpenAsync();
            for (var i = 0; i < 3; i++)
            {
                await using var cmd = conn.CreateCommand();
                cmd.CommandText = "insert into job (task, args) values ('echo', json_object('i', $i)) returning id";
                cmd.Parameters.AddWithValue("$i", i);
                var text = (string)(await cmd.ExecuteScalarAsync())!;
                var id = Guid.Parse(text);
                Assert.Equal((7, id.ToString()), (id.Version, text)); // a UUIDv7 in lower-case text, as the store writes ids
                ids.Add(id);
                var job = await client.GetResult(id).WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal((JobState.Success, $"{{\"i\":{i}}}", 4), (job.State, job.Result, job.MaxAttempts));
            }
        }
        Assert.Equal(ids.OrderBy(g => g.ToString("N")).ToList(), ids); // made milliseconds apart: in time order
    }
}
