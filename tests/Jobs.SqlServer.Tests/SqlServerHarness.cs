using System.Data;
using System.Data.Common;
using Jobs.Conformance;
using Jobs.Migrations;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer.Tests;

/// <summary>A fresh migrated schema per test on the test server, removed afterwards (migrate down to 0).</summary>
public sealed class SqlServerHarness : StoreHarness
{
    private SqlServerHarness(string connectionString, string schema)
    {
        ConnectionString = connectionString;
        Schema = schema;
    }

    public string ConnectionString { get; }
    public string Schema { get; }
    private string Table(string name) => SqlServerSql.QuoteBracket(Schema) + "." + SqlServerSql.QuoteBracket(name);

    public static async Task<SqlServerHarness> CreateAsync()
    {
        var cs = new SqlConnectionStringBuilder(await SqlServerTarget.ConnectionStringAsync()) { MaxPoolSize = 20 }.ConnectionString;
        var schema = "t_" + Guid.NewGuid().ToString("N")[..12];
        await Task.Run(() => new JobsMigrator(JobsDatabase.SqlServer, cs, schema).MigrateUp());
        return new SqlServerHarness(cs, schema);
    }

    public override void Configure(JobsOptions options) => options.UseSqlServer(ConnectionString, o => o.Schema = Schema);

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var conn = new SqlConnection(ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    public override async Task TamperAsync(string sql)
    {
        await using var conn = (SqlConnection)await OpenConnectionAsync();
        await using var cmd = new SqlCommand(sql.Replace("{job}", Table("job")), conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public override string BytesLiteral(byte[] bytes) => "0x" + Convert.ToHexString(bytes);

    public override async Task SetJobAsync(Guid id, string state, DateTimeOffset? runAt = null, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null)
    {
        await using var conn = (SqlConnection)await OpenConnectionAsync();
        await using var cmd = new SqlCommand(
            $"update {Table("job")} set state = @state, run_at = coalesce(@run_at, run_at), started_at = coalesce(@started_at, started_at), " +
            "finished_at = coalesce(@finished_at, finished_at) where id = @id", conn);
        cmd.Parameters.Add("@id", SqlDbType.UniqueIdentifier).Value = id;
        cmd.Parameters.Add("@state", SqlDbType.NVarChar, 16).Value = state;
        cmd.Parameters.Add("@run_at", SqlDbType.DateTime2).Value = (object?)runAt?.UtcDateTime ?? DBNull.Value;
        cmd.Parameters.Add("@started_at", SqlDbType.DateTime2).Value = (object?)startedAt?.UtcDateTime ?? DBNull.Value;
        cmd.Parameters.Add("@finished_at", SqlDbType.DateTime2).Value = (object?)finishedAt?.UtcDateTime ?? DBNull.Value;
        if (await cmd.ExecuteNonQueryAsync() != 1) throw new InvalidOperationException($"Job {id} not found.");
    }

    protected override async Task BackdateAsync(string table, IReadOnlyList<string> columns, TimeSpan by, IReadOnlyCollection<Guid>? ids)
    {
        await using var conn = (SqlConnection)await OpenConnectionAsync();
        var set = string.Join(", ", columns.Select(c =>
            $"{c} = case when {c} < '9999-01-01' then dateadd(millisecond, -(@ms % 1000), dateadd(second, -(@ms / 1000), {c})) else {c} end"));
        var where = ids is null ? "" : " where id in (select id from openjson(@ids) with (id uniqueidentifier '$'))";
        await using var cmd = new SqlCommand($"set nocount on; update {Table(table)} set {set}{where}; select @@rowcount;", conn);
        cmd.Parameters.Add("@ms", SqlDbType.BigInt).Value = (long)by.TotalMilliseconds;
        if (ids is not null) cmd.Parameters.Add("@ids", SqlDbType.NVarChar, -1).Value = SqlJson.Ids(ids.Distinct());
        var rows = Convert.ToInt32(await cmd.ExecuteScalarAsync());
        if (ids is not null && rows != ids.Distinct().Count()) throw new InvalidOperationException($"Backdated {rows} of {ids.Count} jobs: some were not found.");
    }

    public override async Task<DateTimeOffset> DbNowAsync()
    {
        await using var conn = (SqlConnection)await OpenConnectionAsync();
        await using var cmd = new SqlCommand("select sysutcdatetime()", conn);
        return new DateTimeOffset(DateTime.SpecifyKind((DateTime)(await cmd.ExecuteScalarAsync())!, DateTimeKind.Utc), TimeSpan.Zero);
    }

    public override async ValueTask DisposeAsync()
    {
        SqlConnection.ClearAllPools();
        try { await Task.Run(() => new JobsMigrator(JobsDatabase.SqlServer, ConnectionString, Schema).MigrateDown(0)); }
        catch (SqlException) { /* a test that broke the schema leaves it; the server is a throwaway one */ }
    }
}
