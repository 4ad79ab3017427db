using Npgsql;

namespace Jobs.Bench;

/// <summary>
/// <c>--profile</c>: resets pg_stat_statements before a system runs and prints its top statements afterwards
/// (calls, total and mean execution time, rows per call), the server-side half of "what limits it".
/// </summary>
internal sealed class StatementProfile(string serverConnectionString)
{
    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(serverConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset()", conn);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task PrintAsync(string system, TextWriter output)
    {
        await using var conn = new NpgsqlConnection(serverConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), round(rows::numeric / greatest(calls, 1), 1),
                   shared_blks_hit + shared_blks_read, wal_bytes, regexp_replace(left(query, 160), '\s+', ' ', 'g')
            from pg_stat_statements
            where query not like '%pg_stat_statements%'
            order by total_exec_time desc limit 12
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        output.WriteLine($"profile {system}: calls | total ms | mean ms | rows/call | blocks | WAL bytes | statement");
        while (await r.ReadAsync())
            output.WriteLine($"  {r.GetInt64(0),9} | {r.GetDecimal(1),9} | {r.GetDecimal(2),7} | {r.GetDecimal(3),6} | {r.GetInt64(4),9} | {r.GetDecimal(5),11} | {r.GetString(6)}");
    }
}
