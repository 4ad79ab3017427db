using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer.Tests.Offline;

/// <summary>
/// An <see cref="ISqlRunner"/> without a server: it records each command the executor sends (its text and the
/// parameters it bound, with their types) and answers with no rows, so every executor method can be run offline.
/// </summary>
internal sealed class RecordingRunner : ISqlRunner
{
    public List<RecordedCommand> Commands { get; } = [];
    public List<(string Table, IReadOnlyList<string> Columns)> BulkCopies { get; } = [];

    public Task<DbDataReader> ReaderAsync(SqlCommand command, CancellationToken ct)
    {
        Record(command);
        return Task.FromResult<DbDataReader>(new DataTable().CreateDataReader());
    }

    public Task<object?> ScalarAsync(SqlCommand command, CancellationToken ct)
    {
        Record(command);
        // The clock reading the timed bulk insert needs; every other scalar is absent.
        return Task.FromResult<object?>(command.CommandText.Contains("select sysutcdatetime();", StringComparison.Ordinal) ? new DateTime(2026, 1, 2) : DBNull.Value);
    }

    public Task NonQueryAsync(SqlCommand command, CancellationToken ct)
    {
        Record(command);
        return Task.CompletedTask;
    }

    public Task BulkCopyAsync(string table, DataTable rows, CancellationToken ct)
    {
        BulkCopies.Add((table, [.. rows.Columns.Cast<DataColumn>().Select(c => c.ColumnName)]));
        return Task.CompletedTask;
    }

    private void Record(SqlCommand command) => Commands.Add(new RecordedCommand(command.CommandText,
        command.Parameters.Cast<SqlParameter>().ToDictionary(p => p.ParameterName.ToLowerInvariant(), p => p.SqlDbType)));
}

/// <summary>One command as the executor built it.</summary>
internal sealed record RecordedCommand(string Text, IReadOnlyDictionary<string, SqlDbType> Parameters);
