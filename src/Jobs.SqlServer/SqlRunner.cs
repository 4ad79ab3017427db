using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer;

/// <summary>
/// Where the executor's commands run: each on a pooled connection of its own (autocommit), or on one connection inside
/// its transaction. The one seam between the statements and the server, so the offline tests can record what each
/// executor method sends (its T-SQL and the parameters it binds) without a server.
/// </summary>
internal interface ISqlRunner
{
    /// <summary>Runs <paramref name="command"/> and returns its reader (disposing it releases an own connection).</summary>
    Task<DbDataReader> ReaderAsync(SqlCommand command, CancellationToken ct);

    /// <summary>Runs <paramref name="command"/> and returns the first column of its first row (null or DBNull when none).</summary>
    Task<object?> ScalarAsync(SqlCommand command, CancellationToken ct);

    /// <summary>Runs <paramref name="command"/> for its effects.</summary>
    Task NonQueryAsync(SqlCommand command, CancellationToken ct);

    /// <summary>Bulk-inserts <paramref name="rows"/> into <paramref name="table"/> (column names as in the table).</summary>
    Task BulkCopyAsync(string table, DataTable rows, CancellationToken ct);
}

/// <summary>The server-backed <see cref="ISqlRunner"/>: the store's pool, or a caller's or store's open transaction.</summary>
internal sealed class SqlRunner(string connectionString, int commandTimeoutSeconds, SqlConnection? connection, SqlTransaction? transaction) : ISqlRunner
{
    public async Task<DbDataReader> ReaderAsync(SqlCommand command, CancellationToken ct)
    {
        if (connection is not null)
        {
            Bind(command, connection);
            return await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        }
        var own = await OpenAsync(ct).ConfigureAwait(false);
        try
        {
            Bind(command, own);
            return await command.ExecuteReaderAsync(CommandBehavior.CloseConnection, ct).ConfigureAwait(false);
        }
        catch
        {
            await own.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<object?> ScalarAsync(SqlCommand command, CancellationToken ct)
    {
        if (connection is not null)
        {
            Bind(command, connection);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        }
        await using var own = await OpenAsync(ct).ConfigureAwait(false);
        Bind(command, own);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }

    public async Task NonQueryAsync(SqlCommand command, CancellationToken ct)
    {
        if (connection is not null)
        {
            Bind(command, connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        await using var own = await OpenAsync(ct).ConfigureAwait(false);
        Bind(command, own);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task BulkCopyAsync(string table, DataTable rows, CancellationToken ct)
    {
        SqlConnection? own = connection is null ? await OpenAsync(ct).ConfigureAwait(false) : null;
        try
        {
            // Triggers are not fired: bulk enqueue inserts waiting jobs only, which the finished-job counts ignore.
            using var copy = new SqlBulkCopy(own ?? connection!, SqlBulkCopyOptions.CheckConstraints, own is null ? transaction : null)
            {
                DestinationTableName = table,
                BulkCopyTimeout = commandTimeoutSeconds,
                BatchSize = 0,
            };
            foreach (DataColumn column in rows.Columns) copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
            await copy.WriteToServerAsync(rows, ct).ConfigureAwait(false);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Bind(SqlCommand command, SqlConnection conn)
    {
        command.Connection = conn;
        command.Transaction = connection is null ? null : transaction;
        command.CommandTimeout = commandTimeoutSeconds;
    }

    private async Task<SqlConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new SqlConnection(connectionString);
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
