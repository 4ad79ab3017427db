using Jobs.Migrations;
using Jobs.Postgres;
using Jobs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Jobs.Postgres.Tests.Processes;

/// <summary>A migrated schema with a side-effect table, a client, and helpers to await a drain by completion signals.</summary>
public sealed class DrainFixture : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private DrainFixture(string connectionString, string schema, ServiceProvider services)
    {
        ConnectionString = connectionString;
        Schema = schema;
        _services = services;
        Client = services.GetRequiredService<IJobClient>();
        Store = (JobStore)services.GetRequiredService<IJobStore>();
    }

    public string ConnectionString { get; }
    public string Schema { get; }
    public IJobClient Client { get; }
    internal JobStore Store { get; }
    private string Q => "\"" + Schema + "\"";

    public static async Task<DrainFixture> CreateAsync(string connectionString)
    {
        var schema = "p_" + Guid.NewGuid().ToString("N")[..12];
        await Task.Run(() => new JobsMigrator(Jobs.Migrations.JobsDatabase.Postgres, connectionString, schema).MigrateUp());
        var services = new ServiceCollection().AddLogging();
        services.AddJobs(o =>
        {
            o.UsePostgres(connectionString, p => p.Schema = schema);
            o.AddRemoteTask("test.count");
            o.AddRemoteTask("test.hang_first");
            o.AddRemoteTask("test.collect");
        });
        var fixture = new DrainFixture(connectionString, schema, services.BuildServiceProvider());
        await fixture.ExecuteAsync($"create table {fixture.Q}.side_effect (job_id uuid not null, attempt int not null, pid int not null)");
        return fixture;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql.Replace("{s}", Q), conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql.Replace("{s}", Q), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until <paramref name="done"/> holds, re-checking whenever jobs finish (and at least every second as a safety net).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what)
    {
        var signal = new SemaphoreSlim(0);
        void OnFinished(IReadOnlyList<Guid> _) { if (signal.CurrentCount == 0) signal.Release(); }
        Store.Signals.JobsFinished += OnFinished;
        Store.StartSignals();
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            while (true)
            {
                if (await RetryingAsync(done)) return;
                try { await signal.WaitAsync(TimeSpan.FromSeconds(1), cts.Token); }
                catch (OperationCanceledException) { throw new TimeoutException($"Timed out after {timeout} waiting for: {what}"); }
            }
        }
        finally { Store.Signals.JobsFinished -= OnFinished; }
    }

    // The test's own checks may hit a restarting server; they retry rather than fail.
    private static async Task<bool> RetryingAsync(Func<Task<bool>> check)
    {
        try { return await check(); }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException) { NpgsqlConnection.ClearAllPools(); return false; }
    }

    public Task<long> UnfinishedAsync() => ScalarAsync("select count(*) from {s}.job where state not in ('SUCCESS','FAILURE','REVOKED')");

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        try { await ExecuteAsync("drop schema if exists {s} cascade"); } catch (NpgsqlException) { }
    }
}
