using System.Text.Json;
using Jobs.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;
using static Jobs.Workflow;

namespace Jobs.Postgres.Tests;

/// <summary>
/// Least-privilege deployment (README "Least-privilege deployment", <see cref="JobsMigrator.CreateRoles"/>): a real
/// client logged in as a member of the client role and a real worker as a member of the worker role run every kind of
/// job to SUCCESS, and each is refused what its role does not allow; the admin role does what JobAdmin does, no DDL.
/// Each test has its own schema, group roles and logins (random names), dropped at the end.
/// </summary>
public sealed class LeastPrivilegeTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly List<IHost> _hosts = [];
    private PostgresHarness _db = null!;
    private RoleLogins _logins = null!;
    private string S => "\"" + _db.Schema.Replace("\"", "\"\"") + "\"";

    public async Task InitializeAsync()
    {
        _db = await PostgresHarness.CreateAsync();
        _logins = await RoleLogins.CreateAsync(_db);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await _logins.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task A_client_and_a_worker_with_only_their_roles_run_every_kind_of_job_to_success()
    {
        var tick = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var denied = new PermissionDeniedLog(); // any permission error that the worker or the client logs and survives
        await StartAsync(_logins.Worker, o =>
        {
            AddTasks(o);
            o.AddTask<JsonElement, int>("flaky", (_, ctx) => ctx.Attempt == 1 ? throw new TimeoutException("first attempt") : Task.FromResult(ctx.Attempt));
            o.AddTask<JsonElement, JsonElement>("limited", (a, _) => Task.FromResult(a), t => { t.RateLimit = "1000/s"; t.ConcurrencyLimit = 2; });
            o.AddTask<JsonElement, JsonElement>("tick", (a, _) => Task.FromResult(a));
            o.AddSchedule("tick", "tick", new { tick = true }, s => s.Every = TimeSpan.FromSeconds(1));
            o.AddBeat();
            o.OnEvent(e => { if (e is { Type: JobEventTypes.TaskSucceeded, Task: "tick", JobId: { } id }) tick.TrySetResult(id); });
            o.Maintenance.RescueInterval = TimeSpan.FromSeconds(1);
            o.Maintenance.PruneInterval = TimeSpan.FromSeconds(1);
            o.AddWorker(w => { w.Queues = ["default"]; w.SendEvents = true; });
        }, denied);
        var client = await ClientAsync(_logins.Client, o => o.Monitoring.SendTaskSentEvents = true, denied);

        // Single, delayed, bulk (binary COPY: 32 or more jobs), unique (a duplicate, then a finished holder's key taken
        // over), a workflow and a limited task, all enqueued as the client; results waited for (LISTEN) and read.
        var one = await client.EnqueueAsync("echo", new { n = 1 });
        Assert.Equal("{\"n\": 1}", (await one.WaitAsync(Bound)).Result); // jsonb's text
        var later = await client.EnqueueAsync("echo", new { n = 2 }, new EnqueueOptions { Countdown = TimeSpan.FromMilliseconds(200) });
        var bulk = await client.EnqueueManyAsync(Enumerable.Range(0, 40).Select(i => new JobRequest("echo", new { i })));
        var unique = new EnqueueOptions { Unique = new UniqueOptions { Key = "lp-unique" } };
        var first = await client.EnqueueAsync("echo", new { u = 1 }, unique);
        Assert.Equal(JobState.Success, (await first.WaitAsync(Bound)).State);
        var second = await client.EnqueueAsync("echo", new { u = 2 }, unique); // the holder is finished: it gives up the key
        Assert.NotEqual(first.Id, second.Id);
        var held = new EnqueueOptions { Unique = new UniqueOptions { Key = "lp-held" }, Countdown = TimeSpan.FromDays(1) };
        var holder = await client.EnqueueAsync("echo", new { h = 1 }, held);
        Assert.Equal(holder.Id, (await client.EnqueueAsync("echo", new { h = 2 }, held)).Id); // a duplicate of a waiting job
        var chain = await client.ApplyAsync(Chain(Sig("echo", new { step = 1 }), Sig("echo"), Chord(Group(Sig("echo", 1).Immutable(), Sig("echo", 2).Immutable()), Sig("echo"))));
        var flaky = await client.EnqueueAsync("flaky", null, new EnqueueOptions { MaxRetries = 2, RetryBackoff = TimeSpan.FromMilliseconds(10), RetryFor = ["TimeoutException"] });
        var limited = await client.EnqueueManyAsync(Enumerable.Range(0, 5).Select(i => new JobRequest("limited", new { i })));

        // A job whose worker died: claimed long ago by nobody alive, its lease expired; the rescuer gives it back.
        var orphan = await client.EnqueueAsync("echo", new { orphan = true }, new EnqueueOptions { Countdown = TimeSpan.FromDays(1) });
        await _db.ExecuteAsync($"update {S}.job set state = 'STARTED', attempt = 1, worker = 'gone', started_at = now() - interval '1 hour', " +
                               $"lease_until = now() - interval '1 minute', run_at = now() where id = '{orphan.Id}'");

        foreach (var r in (AsyncResult[])[later, .. bulk, second, flaky, .. limited, orphan])
            Assert.Equal(JobState.Success, (await r.WaitAsync(Bound)).State);
        var merged = await chain.GetAsync<int[]>(Bound);
        Assert.Equal(new[] { 1, 2 }, merged);
        Assert.Equal(2, (await flaky.GetAttemptsAsync()).Count);
        Assert.Equal(2, (await orphan.GetInfoAsync())!.Attempt);
        Assert.Equal(JobState.Success, (await client.GetResult(await tick.Task.WaitAsync(Bound)).WaitAsync(Bound)).State);

        // The SQL functions of migration 12, as the client login.
        await using (var conn = await OpenAsync(_logins.Client))
        {
            var id = (Guid)(await Scalar(conn, $"select {S}.enqueue('echo', '{{\"sql\": 1}}')"))!;
            var many = await Scalar(conn, $"select count(*) from {S}.enqueue_many('[{{\"task\": \"echo\"}}, {{\"task\": \"echo\"}}]')");
            Assert.Equal(2L, many);
            Assert.Equal(JobState.Success, (await client.GetResult(id).WaitAsync(Bound)).State);
            Assert.Equal("SUCCESS", await Scalar(conn, $"select state from {S}.result('{id}')"));
        }

        Assert.Equal(1L, await _db.ScalarAsync<long>($"select count(*) from {S}.worker where stopped_at is null"));

        // Stopped (events flushed, the worker's row marked stopped) with no permission error logged along the way: the
        // worker stored its events, the client its task-sent events.
        foreach (var host in _hosts) await host.StopAsync();
        Assert.NotNull(await _db.ScalarAsync<DateTime?>($"select stopped_at from {S}.worker"));
        Assert.True(await _db.ScalarAsync<long>($"select count(*) from {S}.event where type = 'task-sent'") >= 40);
        Assert.True(await _db.ScalarAsync<long>($"select count(*) from {S}.event where type = 'task-succeeded'") >= 40);
        if (denied.First.IsCompleted) Assert.Fail("A permission error was logged: " + await denied.First);
    }

    [Fact]
    public async Task The_client_is_refused_changing_or_claiming_jobs_and_running_migrations()
    {
        var client = await ClientAsync(_logins.Client);
        var job = await client.EnqueueAsync("echo", new { n = 1 });
        await using var conn = await OpenAsync(_logins.Client);
        foreach (var sql in new[]
        {
            $"update {S}.job set state = 'SUCCESS', result = '1' where id = '{job.Id}'",
            $"update {S}.job set state = 'STARTED', worker = 'me', attempt = attempt + 1, lease_until = now() + interval '1 minute' where state = 'PENDING'",
            $"delete from {S}.job where id = '{job.Id}'",
            $"select name from {S}.job_limit",
            $"insert into {S}.worker (name, hostname, pid, queues, pool, concurrency, version, heartbeat_interval_ms) values ('w', 'h', 1, '{{default}}', 'async', 1, '1', 1000)",
            $"insert into {S}.control (command, expires_at) values ('shutdown', now() + interval '1 minute')",
            $"update {S}.schedule set enabled = false",
            $"truncate {S}.job",
            $"drop table {S}.job",
            $"alter table {S}.job add column x int",
            $"create table {S}.x (id int)",
            $"insert into {S}.version_info (version) values (999)",
        })
            await AssertRefusedAsync(conn, sql);

        // A real worker logged in as the client: its claims are refused (it logs the error and keeps trying).
        var denied = new PermissionDeniedLog();
        await StartAsync(_logins.Client, o =>
        {
            AddTasks(o);
            o.AddWorker(w => w.Queues = ["default"]);
        }, denied);
        var error = await denied.First.WaitAsync(Bound);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal(JobState.Pending, await job.GetStateAsync());
        AssertMigrationRefused(_logins.Client);
    }

    [Fact]
    public async Task The_worker_is_refused_ddl_truncate_and_migrations()
    {
        await using var conn = await OpenAsync(_logins.Worker);
        Assert.Equal(0L, await Scalar(conn, $"select count(*) from {S}.job")); // it reads and writes rows...
        foreach (var sql in new[]
        {
            $"drop table {S}.job",
            $"drop table {S}.event",
            $"alter table {S}.job add column x int",
            $"alter table {S}.job disable trigger user",
            $"create index x_idx on {S}.job (task)",
            $"create table {S}.x (id int)",
            $"create function {S}.f() returns int language sql as 'select 1'",
            $"drop function {S}.uuid_v7()",
            $"drop view {S}.report_queues",
            $"truncate {S}.job",
            $"truncate {S}.event",
            $"insert into {S}.version_info (version) values (999)",
            $"delete from {S}.version_info",
            $"drop schema {S} cascade",
        })
            await AssertRefusedAsync(conn, sql); // ...and nothing else
        AssertMigrationRefused(_logins.Worker);
    }

    [Fact]
    public async Task The_admin_retries_revokes_and_purges_through_JobAdmin_but_is_refused_ddl()
    {
        var fail = true;
        await StartAsync(_logins.Worker, o =>
        {
            o.AddTask<JsonElement, int>("sometimes", (_, _) => Volatile.Read(ref fail) ? throw new InvalidOperationException("not yet") : Task.FromResult(7));
            AddTasks(o);
            o.AddWorker(w => w.Queues = ["default"]);
        });
        var client = await ClientAsync(_logins.Client);
        var host = await StartAsync(_logins.Admin, AddTasks);
        var admin = host.Services.GetRequiredService<JobAdmin>();

        var failed = await client.EnqueueAsync("sometimes", null, new EnqueueOptions { MaxRetries = 0 });
        Assert.Equal(JobState.Failure, (await failed.WaitAsync(Bound)).State);
        Volatile.Write(ref fail, false);
        Assert.Equal(1, await admin.RetryJobsAsync(JobSelection.Of(failed.Id)));
        Assert.Equal(JobState.Success, (await failed.WaitAsync(Bound)).State);

        var waiting = await client.EnqueueAsync("echo", null, new EnqueueOptions { Countdown = TimeSpan.FromHours(1) });
        Assert.Equal(1, await admin.RevokeJobsAsync(JobSelection.Of(waiting.Id), reason: "no longer needed"));
        Assert.Equal(JobState.Revoked, await waiting.GetStateAsync());
        Assert.True(await admin.PauseQueueAsync("default"));
        Assert.True(await admin.ResumeQueueAsync("default"));
        await admin.AddScheduleAsync("nightly", "echo", null, s => s.Cron = "0 3 * * *");
        Assert.True(await admin.SetRateLimitAsync(LimitScope.Task, "echo", "10/s"));
        Assert.Single(await admin.ListWorkersAsync());
        Assert.Single(await host.Services.GetRequiredService<JobControl>().BroadcastAsync("ping", timeout: TimeSpan.FromSeconds(10)));
        await client.EnqueueManyAsync([new JobRequest("echo", null, new EnqueueOptions { Countdown = TimeSpan.FromHours(1) }),
                                       new JobRequest("echo", null, new EnqueueOptions { Countdown = TimeSpan.FromHours(1) })]);
        Assert.Equal(2, await admin.PurgeAsync()); // the waiting jobs
        Assert.Equal(2, await admin.PurgeAsync(finishedBefore: DateTimeOffset.UtcNow.AddMinutes(1))); // the finished ones
        Assert.Empty((await admin.SearchJobsAsync()).Jobs);

        await using var conn = await OpenAsync(_logins.Admin);
        foreach (var sql in new[] { $"drop table {S}.job", $"alter table {S}.job add column x int", $"create table {S}.x (id int)", $"truncate {S}.job" })
            await AssertRefusedAsync(conn, sql);
        AssertMigrationRefused(_logins.Admin);
    }

    [Fact]
    public async Task Running_it_again_changes_nothing_and_later_tables_are_covered()
    {
        var migrator = new JobsMigrator(JobsDatabase.Postgres, _db.ConnectionString, _db.Schema);
        var options = new JobsRoleOptions { Prefix = _logins.Prefix };
        options.WorkerLogins.Add(_logins.Worker);
        Assert.Equal(_logins.Roles, migrator.CreateRoles(options));
        Assert.Equal(_logins.Roles, migrator.CreateRoles(options));

        // A table a later migration adds (made by the owner, as migrate up would): the worker reads and writes it.
        await _db.ExecuteAsync($"create table {S}.later (id int primary key)");
        await using (var conn = await OpenAsync(_logins.Worker))
        {
            await Scalar(conn, $"insert into {S}.later values (1)");
            Assert.Equal(1, await Scalar(conn, $"select id from {S}.later"));
            await AssertRefusedAsync(conn, $"drop table {S}.later");
        }

        // The default prefix is the schema's name.
        var byDefault = migrator.RolesScript();
        Assert.Contains($"'{_db.Schema}_client'", byDefault);
        Assert.Contains($"\"{_db.Schema}_admin\"", byDefault);
        Assert.Throws<ArgumentException>(() => migrator.CreateRoles(new JobsRoleOptions { Prefix = " " }));
    }

    private static void AddTasks(JobsOptions o) => o.AddTask<JsonElement, JsonElement>("echo", (a, _) => Task.FromResult(a));

    private void Store(JobsOptions o, string login) => o.UsePostgres(_logins.ConnectionString(login), p => p.Schema = _db.Schema);

    private async Task<IHost> StartAsync(string login, Action<JobsOptions> configure, ILoggerProvider? log = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (log is not null) builder.Logging.AddProvider(log);
        builder.Services.AddJobs(o =>
        {
            Store(o, login);
            configure(o);
        });
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    /// <summary>A client-only app: it knows the tasks by name (the worker runs them).</summary>
    private async Task<IJobClient> ClientAsync(string login, Action<JobsOptions>? configure = null, ILoggerProvider? log = null)
        => (await StartAsync(login, o =>
        {
            foreach (var task in new[] { "echo", "flaky", "limited", "sometimes" }) o.AddRemoteTask(task);
            configure?.Invoke(o);
        }, log)).Services.GetRequiredService<IJobClient>();

    private async Task<NpgsqlConnection> OpenAsync(string login)
    {
        var conn = new NpgsqlConnection(_logins.ConnectionString(login));
        await conn.OpenAsync();
        return conn;
    }

    private static async Task<object?> Scalar(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteScalarAsync();
    }

    private static async Task AssertRefusedAsync(NpgsqlConnection conn, string sql)
    {
        var ex = await Assert.ThrowsAsync<PostgresException>(() => Scalar(conn, sql));
        Assert.True(ex.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {ex.SqlState} {ex.MessageText}");
    }

    /// <summary>Reverting the newest migration (DDL) fails as <paramref name="login"/>, and every migration stays applied.</summary>
    private void AssertMigrationRefused(string login)
    {
        var owner = new JobsMigrator(JobsDatabase.Postgres, _db.ConnectionString, _db.Schema);
        var latest = owner.Status().Max(m => m.Version);
        var ex = Assert.ThrowsAny<Exception>(() => new JobsMigrator(JobsDatabase.Postgres, _logins.ConnectionString(login), _db.Schema).MigrateDown(latest - 1));
        Assert.Contains("42501", ex.ToString());
        Assert.All(owner.Status(), m => Assert.True(m.Applied, $"{m.Version} was reverted by {login}"));
    }
}
