using System.Data;
using System.Data.Common;
using Jobs.Storage;
using Microsoft.Data.SqlClient;

namespace Jobs.SqlServer;

/// <summary>
/// The SQL Server statements (<see cref="IStoreExecutor"/>), one method per <c>Sql/*.sql</c> file. Commands run through
/// an <see cref="ISqlRunner"/>: on their own pooled connection (autocommit) or inside the driver's or a caller's
/// transaction. Batches travel as one JSON parameter each (OPENJSON), every parameter is typed (datetime2, nvarchar
/// sizes), and every "now" is the server's SYSUTCDATETIME(). Split by noun: jobs, administration, queues, limits,
/// schedules, workflows.
/// </summary>
internal sealed partial class SqlServerExecutor(SqlServerSql sql, SqlServerStoreOptions options, ISqlRunner runner, StoreChanges changes,
    CancellationToken ct) : IStoreExecutor
{
    private readonly SqlServerSql _sql = sql;

    public StoreChanges Changes { get; } = changes;

    public async ValueTask<DateTimeOffset> ClockNowAsync()
    {
        using var cmd = Command(_sql.ClockNow);
        return await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is DateTime now
            ? new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc), TimeSpan.Zero)
            : throw new JobsException("SQL Server returned no clock reading.");
    }

    private static SqlCommand Command(string text) => new(text);

    private static void Add(SqlCommand cmd, string name, SqlDbType type, object? value, int size = 0)
    {
        var p = cmd.Parameters.Add("@" + name, type);
        if (size != 0) p.Size = size;
        p.Value = value ?? DBNull.Value;
    }

    private static void Text(SqlCommand cmd, string name, string? value, int size = 200) => Add(cmd, name, SqlDbType.NVarChar, value, size);

    private static void Json(SqlCommand cmd, string name, string json) => Add(cmd, name, SqlDbType.NVarChar, json, -1);

    private static void Int(SqlCommand cmd, string name, int? value) => Add(cmd, name, SqlDbType.Int, value);

    private static void Long(SqlCommand cmd, string name, long? value) => Add(cmd, name, SqlDbType.BigInt, value);

    private static void Bit(SqlCommand cmd, string name, bool value) => Add(cmd, name, SqlDbType.Bit, value);

    private static void Time(SqlCommand cmd, string name, DateTimeOffset? value) => Add(cmd, name, SqlDbType.DateTime2, value?.UtcDateTime);

    private static void Milliseconds(SqlCommand cmd, string name, TimeSpan value) => Long(cmd, name, (long)value.TotalMilliseconds);

    private async Task<List<Guid>> ReadIdsAsync(SqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>Reads (kind, id, queue) rows: ids of <paramref name="idKind"/> are returned first; queues are available.</summary>
    private async Task<(List<Guid> Ids, List<Guid> Other)> ReadKindsAsync(SqlCommand cmd, string idKind)
    {
        List<Guid> ids = [], other = [];
        await using var r = await runner.ReaderAsync(cmd, ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!r.IsDBNull(2)) Changes.QueueAvailable(r.GetString(2));
            else if (!r.IsDBNull(1)) (r.GetString(0) == idKind ? ids : other).Add(r.GetGuid(1));
        }
        return (ids, other);
    }

    /// <summary>The count a statement selects last (<c>select @@rowcount</c>).</summary>
    private async Task<int> CountAsync(SqlCommand cmd)
        => await runner.ScalarAsync(cmd, ct).ConfigureAwait(false) is { } v and not DBNull ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : 0;

    private static TimeSpan? DelayMs(object? value) => value is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;

    private static DateTimeOffset? Time(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    /// <summary>Options the statements need (bulk copy threshold).</summary>
    private SqlServerStoreOptions Options { get; } = options;
}
