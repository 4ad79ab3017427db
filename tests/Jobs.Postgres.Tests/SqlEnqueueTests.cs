using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace Jobs.Postgres.Tests;

/// <summary>
/// Enqueue from another language (migration 12, README "Other languages: enqueue with SQL"): jobs.enqueue,
/// jobs.enqueue_many and a bare INSERT sent on a plain Npgsql connection, as a Python or Node program would, are run
/// by an idle .NET worker. The workers' safety poll is 60 s, so only the notification can start a job within the
/// tests' bound.
/// </summary>
public sealed class SqlEnqueueTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private PostgresHarness _db = null!;
    private IHost _host = null!;
    private string S => "\"" + _db.Schema.Replace("\"", "\"\"") + "\"";
    private IJobClient Client => _host.Services.GetRequiredService<IJobClient>();

    public async Task InitializeAsync()
    {
        _db = await PostgresHarness.CreateAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddJobs(o =>
        {
            o.UsePostgres(_db.ConnectionString, p => { p.Schema = _db.Schema; p.SafetyPollInterval = TimeSpan.FromSeconds(60); });
            o.AddTask<JsonElement, JsonElement>("echo", (args, _) => Task.FromResult(args));
            o.AddTask<JsonElement, int>("boom", (_, _) => throw new InvalidOperationException("no"));
            o.AddWorker(w => { w.Queues = ["default", "mail"]; w.PollInterval = TimeSpan.FromSeconds(60); });
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
    public async Task A_job_enqueued_by_the_sql_function_is_run_by_an_idle_worker_and_its_result_read_in_sql()
    {
        await using var conn = await OpenAsync();
        var id = await ScalarAsync<Guid>(conn, $"select {S}.enqueue('echo', '{{\"x\": 1}}')");
        var job = await Client.GetResult(id).WaitAsync(Bound);
        Assert.Equal(JobState.Success, job.State);

        await using var cmd = new NpgsqlCommand($"select state, ready, result::text, error, attempt from {S}.result(@id)", conn);
        cmd.Parameters.AddWithValue("id", id);
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal("SUCCESS", r.GetString(0));
            Assert.True(r.GetBoolean(1));
            Assert.Equal("{\"x\": 1}", r.GetString(2));
            Assert.True(r.IsDBNull(3));
            Assert.Equal(1, r.GetInt32(4));
        }
        cmd.Parameters["id"].Value = Guid.NewGuid();
        Assert.Null(await cmd.ExecuteScalarAsync()); // unknown id: no row

        var failed = await ScalarAsync<Guid>(conn, $"select {S}.enqueue('boom', queue => 'mail', max_retries => 0)");
        Assert.Equal(JobState.Failure, (await Client.GetResult(failed).WaitAsync(Bound)).State);
        cmd.Parameters["id"].Value = failed;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal(("FAILURE", true), (r.GetString(0), r.GetBoolean(1)));
            Assert.StartsWith("InvalidOperationException: no", r.GetString(3));
        }
    }

    [Fact]
    public async Task A_bare_insert_of_task_and_args_is_a_complete_job_and_wakes_the_worker_at_commit()
    {
        await using var conn = await OpenAsync();
        var id = await ScalarAsync<Guid>(conn, $"insert into {S}.job (task, args) values ('echo', '{{\"y\": 2}}') returning id");
        var job = await Client.GetResult(id).WaitAsync(Bound);
        Assert.Equal((JobState.Success, "{\"y\": 2}", 4), (job.State, job.Result, job.MaxAttempts));

        // In a transaction: nothing is announced (or run) before the commit.
        await using var tx = await conn.BeginTransactionAsync();
        var inTx = await ScalarAsync<Guid>(conn, $"insert into {S}.job (task, queue) values ('echo', 'mail') returning id", tx);
        Assert.Equal("PENDING", await ScalarAsync<string>(conn, $"select state from {S}.job where id = '{inTx}'", tx));
        await tx.CommitAsync();
        Assert.Equal(JobState.Success, (await Client.GetResult(inTx).WaitAsync(Bound)).State);
    }

    [Fact]
    public async Task Enqueue_many_takes_a_json_array_and_returns_the_ids_in_its_order()
    {
        await using var conn = await OpenAsync();
        var ids = await ListAsync<Guid>(conn, $$$"""
            select * from {{{S}}}.enqueue_many('[{"task": "echo", "args": {"i": 0}},
                                               {"task": "echo", "args": {"i": 1}, "queue": "mail", "priority": 5},
                                               {"task": "echo", "args": {"i": 2}, "max_retries": 0, "soft_time_limit": 1, "time_limit": "2 seconds"}]')
            """);
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids.OrderBy(Rfc).ToList(), ids);
        for (var i = 0; i < 3; i++)
        {
            var job = await Client.GetResult(ids[i]).WaitAsync(Bound);
            Assert.Equal((JobState.Success, $"{{\"i\": {i}}}"), (job.State, job.Result));
        }
        Assert.Equal("mail:5:4,default:0:1", await ScalarAsync<string>(conn,
            $"select string_agg(queue || ':' || priority || ':' || max_attempts, ',' order by id) from {S}.job where id in ('{ids[1]}', '{ids[2]}')"));
        Assert.Equal("1000:2000", await ScalarAsync<string>(conn,
            $"select soft_time_limit_ms || ':' || time_limit_ms from {S}.job where id = '{ids[2]}'"));
        Assert.Empty(await ListAsync<Guid>(conn, $"select * from {S}.enqueue_many('[]')"));
    }

    [Fact]
    public async Task Options_are_stored_as_the_dotnet_client_stores_them()
    {
        await using var conn = await OpenAsync();
        var id = await ScalarAsync<Guid>(conn,
            $"select {S}.enqueue('echo', queue => 'later', countdown => interval '1 hour', expires => interval '2 hours', max_retries => 5, " +
            "retry_countdown => interval '3 seconds', retry_for => array['TimeoutException'])");
        Assert.Equal("SCHEDULED|t|t|6|3000|3000|{TimeoutException}", await ScalarAsync<string>(conn,
            "select concat_ws('|', state, run_at - created_at between interval '59 minutes' and interval '61 minutes', " +
            "expires_at - run_at between interval '59 minutes' and interval '61 minutes', max_attempts, retry_backoff_ms, retry_backoff_max_ms, retry_for) " +
            $"from {S}.job where id = '{id}'"));

        // A given id that exists already is not inserted twice (a retried enqueue is idempotent).
        var mine = Guid.CreateVersion7();
        await ScalarAsync<Guid>(conn, $"select {S}.enqueue('echo', queue => 'later', id => '{mine}')");
        Assert.Equal(mine, await ScalarAsync<Guid>(conn, $"select {S}.enqueue('other', queue => 'later', id => '{mine}')"));
        Assert.Equal("echo", await ScalarAsync<string>(conn, $"select string_agg(task, ',') from {S}.job where id = '{mine}'"));
    }

    [Theory]
    [InlineData("enqueue('')", "A task name is required.")]
    [InlineData("enqueue(null)", "A task name is required.")]
    [InlineData("enqueue('echo', queue => '')", "Queue for task 'echo' must not be empty.")]
    [InlineData("enqueue('echo', countdown => '-1 second')", "Countdown for task 'echo' must not be negative")]
    [InlineData("enqueue('echo', countdown => '1 second', eta => now())", "Give either countdown or eta for task 'echo', not both.")]
    [InlineData("enqueue('echo', expires => '0 seconds')", "Expires for task 'echo' must be positive")]
    [InlineData("enqueue('echo', max_retries => -1)", "max_retries of task 'echo' must not be negative")]
    [InlineData("enqueue('echo', retry_backoff => '-1 s')", "Retry delays of task 'echo' must not be negative.")]
    [InlineData("enqueue('echo', retry_countdown => '1 s', retry_backoff => '1 s')", "Give either retry_countdown or retry_backoff")]
    [InlineData("enqueue('echo', priority => 40000)", "Priority for task 'echo' must be between -32768 and 32767")]
    [InlineData("enqueue('echo', soft_time_limit => '2 s', time_limit => '1 s')", "soft_time_limit (00:00:02) for task 'echo' must be less than time_limit")]
    [InlineData("enqueue_many('{}')", "enqueue_many takes a JSON array of objects")]
    [InlineData("enqueue_many('[{\"task\": \"echo\"}, 3]')", "enqueue_many: element 1 is number, not an object.")]
    [InlineData("enqueue_many('[{\"task\": \"echo\", \"countdwon\": 5}]')", "enqueue_many: element 0 has the unknown field \"countdwon\".")]
    [InlineData("enqueue_many('[{\"task\": \"echo\"}, {\"task\": \"echo\", \"queue\": \" \"}]')", "enqueue_many element 1: Queue for task 'echo' must not be empty.")]
    public async Task Bad_requests_are_refused_with_the_clients_messages_and_insert_nothing(string call, string message)
    {
        await using var conn = await OpenAsync();
        var ex = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync<object>(conn, $"select {S}.{call}"));
        Assert.Equal(PostgresErrorCodes.InvalidParameterValue, ex.SqlState);
        Assert.StartsWith(message, ex.MessageText);
        Assert.Equal(0L, await ScalarAsync<long>(conn, $"select count(*) from {S}.job"));
    }

    [Fact]
    public async Task Ids_are_uuid_v7_in_the_order_they_were_made()
    {
        await using var conn = await OpenAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5); // generous: the database's clock is this machine's
        var one = new List<Guid>();
        for (var i = 0; i < 20; i++) one.Add(await ScalarAsync<Guid>(conn, $"select {S}.enqueue('echo', queue => 'nobody')"));
        var bare = await ScalarAsync<Guid>(conn, $"insert into {S}.job (task, queue) values ('echo', 'nobody') returning id");
        var many = await ListAsync<Guid>(conn,
            $"select * from {S}.enqueue_many((select jsonb_agg(jsonb_build_object('task', 'echo', 'queue', 'nobody')) from generate_series(1, 200)))");
        var all = one.Append(bare).Concat(many).ToList();
        Assert.Equal(all.OrderBy(Rfc).ToList(), all);
        Assert.Equal(all.Count, all.Distinct().Count());
        foreach (var id in all)
        {
            Assert.Equal(7, id.Version);
            Assert.Equal(0b10, id.Variant >> 2);
            var ms = Convert.ToInt64(id.ToString("N")[..12], 16);
            Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(ms), before, DateTimeOffset.UtcNow.AddSeconds(5));
        }
        // The database's ids and the .NET client's sort together by time.
        var dotnet = (await Client.EnqueueAsync("echo", new { }, new EnqueueOptions { Queue = "nobody" })).Id;
        var after = await ScalarAsync<Guid>(conn, $"select {S}.enqueue('echo', queue => 'nobody')");
        Assert.True(Rfc(all[^1]).CompareTo(Rfc(dotnet)) < 0 && Rfc(dotnet).CompareTo(Rfc(after)) < 0);
    }

    [Fact]
    public async Task The_dotnet_clients_inserts_do_not_call_the_insert_trigger()
    {
        // Count the trigger's calls: its function, redefined for this schema only, also advances a sequence.
        await using var conn = await OpenAsync();
        await ExecuteAsync(conn, $"""
            create sequence {S}.trigger_calls;
            create or replace function {S}.job_notify_inserted() returns trigger language plpgsql as $$
            begin
                perform nextval('{S.Replace("'", "''")}.trigger_calls');
                perform pg_notify(tg_table_schema || '.jobs_available', new.queue);
                return null;
            end;
            $$;
            """);
        var jobs = Enumerable.Range(0, 100).Select(i => new JobRequest("echo", new { i }, new EnqueueOptions { Queue = "nobody" })).ToList();
        await Client.EnqueueManyAsync(jobs);                                                          // COPY, due now
        await Client.EnqueueManyAsync(jobs.Select(j => j with { Options = j.Options! with { Countdown = TimeSpan.FromHours(1) } })); // COPY, timed
        await Client.EnqueueAsync("echo", new { }, new EnqueueOptions { Queue = "nobody" });            // insert statement
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await Client.EnqueueAsync(tx, "echo", new { }, new EnqueueOptions { Queue = "nobody" });  // on the caller's connection
            await tx.CommitAsync();
        }
        Assert.Equal(202L, await ScalarAsync<long>(conn, $"select count(*) from {S}.job"));
        Assert.False(await ScalarAsync<bool>(conn, $"select is_called from {S}.trigger_calls"));

        await ExecuteAsync(conn, $"insert into {S}.job (task, queue) select 'echo', 'nobody' from generate_series(1, 3)");
        Assert.Equal(3L, await ScalarAsync<long>(conn, $"select last_value from {S}.trigger_calls"));
    }

    /// <summary>
    /// Enqueue-to-start latency of <c>select jobs.enqueue(...)</c> on an idle worker, one job at a time (database
    /// clock: started_at - created_at). Printed, not asserted beyond the bound.
    /// </summary>
    [Fact]
    public async Task Enqueue_to_start_latency_on_an_idle_worker()
    {
        await using var conn = await OpenAsync();
        var ms = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var id = await ScalarAsync<Guid>(conn, $"select {S}.enqueue('echo', jsonb_build_object('i', {i}))");
            await Client.GetResult(id).WaitAsync(Bound);
            ms.Add(await ScalarAsync<double>(conn, $"select extract(epoch from started_at - created_at)::float8 * 1000 from {S}.job where id = '{id}'"));
        }
        ms.Sort();
        output.WriteLine($"enqueue-to-start over 50 jobs: p50 {ms[24]:0.0} ms, p90 {ms[44]:0.0} ms, max {ms[^1]:0.0} ms");
    }

    /// <summary>A UUID's bytes in RFC 9562 order (the order PostgreSQL sorts uuid in).</summary>
    private static string Rfc(Guid id) => id.ToString("N");

    private async Task<NpgsqlConnection> OpenAsync()
    {
        // A plain connection, as another language's driver would open: no Jobs settings.
        var conn = new NpgsqlConnection(_db.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    private static async Task ExecuteAsync(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection conn, string sql, NpgsqlTransaction? tx = null)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<List<T>> ListAsync<T>(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        var list = new List<T>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) list.Add(r.GetFieldValue<T>(0));
        return list;
    }
}
