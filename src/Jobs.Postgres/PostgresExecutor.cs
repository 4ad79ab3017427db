using Jobs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Jobs.Postgres;

/// <summary>
/// The PostgreSQL statements (<see cref="IStoreExecutor"/>), one method per <c>Sql/*.sql</c> file. Without a
/// connection each statement runs on its own pooled, auto-prepared connection (autocommit); with one, on it (inside
/// its transaction). Split by noun: jobs, administration, limits, queues, schedules, workflows, workers, events, control, reports.
/// </summary>
internal sealed partial class PostgresExecutor(PostgresJobStore store, NpgsqlConnection? connection, NpgsqlTransaction? transaction, StoreChanges changes,
    CancellationToken ct) : IStoreExecutor
{
    private readonly PostgresSql _sql = store.Sql;

    public StoreChanges Changes { get; } = changes;

    public async ValueTask<DateTimeOffset> ClockNowAsync()
    {
        await using var cmd = Command(_sql.ClockNow);
        return new DateTimeOffset((DateTime)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!, TimeSpan.Zero);
    }

    /// <summary>Sends wake-ups inside this executor's transaction (signal_send.sql), delivered at its commit.</summary>
    public async ValueTask SignalSendAsync(string[] queues, string[] finishedChunks, bool control, bool events)
    {
        await using var cmd = Command(_sql.SignalSend);
        PostgresNotifier.AddSignalParameters(cmd, _sql, queues, finishedChunks, control, events);
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private NpgsqlCommand Command(string sql) => connection is null ? store.DataSource.CreateCommand(sql) : new NpgsqlCommand(sql, connection, transaction);

    private NpgsqlBatch Batch() => connection is null ? store.DataSource.CreateBatch() : new NpgsqlBatch(connection, transaction);

    private static void Add<T>(NpgsqlCommand cmd, string name, T value, NpgsqlDbType? type = null) => cmd.Parameters.Add(Parameter(name, value, type));

    private static NpgsqlParameter<T> Parameter<T>(string name, T value, NpgsqlDbType? type = null)
    {
        var p = new NpgsqlParameter<T>(name, value);
        if (type is { } t) p.NpgsqlDbType = t;
        return p;
    }

    private async Task<List<Guid>> ReadIdsAsync(NpgsqlCommand cmd)
    {
        var ids = new List<Guid>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) ids.Add(r.GetGuid(0));
        return ids;
    }

    /// <summary>Reads (kind, id, queue) rows: ids of <paramref name="idKind"/> are returned and ended; queues are available.</summary>
    private async Task<(List<Guid> Ids, List<Guid> Other)> ReadKindsAsync(NpgsqlCommand cmd, string idKind)
    {
        List<Guid> ids = [], other = [];
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!r.IsDBNull(2)) Changes.QueueAvailable(r.GetString(2));
            else if (!r.IsDBNull(1)) (r.GetString(0) == idKind ? ids : other).Add(r.GetGuid(1));
        }
        return (ids, other);
    }

    /// <summary>A duration as whole milliseconds, rounded up (so a short positive span never becomes zero).</summary>
    private static long Ms(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static TimeSpan? Milliseconds(object? value) => value is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : new DateTimeOffset(r.GetDateTime(i), TimeSpan.Zero);
}
