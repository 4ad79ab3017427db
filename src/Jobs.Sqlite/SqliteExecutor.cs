using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

/// <summary>
/// The SQLite statements (<see cref="IStoreExecutor"/>), one method per <c>Sql/*.sql</c> file (or its parts). Without
/// a connection each write is its own <c>BEGIN IMMEDIATE</c> transaction on the writer and each read uses a pooled
/// connection; with one, every statement runs on it, inside its transaction. Every statement completes synchronously.
/// Split by noun: jobs, administration, limits, queues, schedules, workflows, workers, events, control, reports.
/// </summary>
internal sealed partial class SqliteExecutor(SqliteJobStore store, SqliteConnection? connection, SqliteTransaction? transaction, StoreChanges changes,
    CancellationToken ct) : IStoreExecutor
{
    private readonly SqliteSql _sql = store.Sql;

    public StoreChanges Changes { get; } = changes;

    public ValueTask<DateTimeOffset> ClockNowAsync() => Read((c, tx) =>
    {
        using var cmd = Command(c, tx, _sql.ClockNow);
        return SqliteTime.Parse((string)cmd.ExecuteScalar()!);
    });

    private ValueTask<T> Write<T>(Func<SqliteConnection, SqliteTransaction, T> work)
        => connection is null
            ? new ValueTask<T>(store.Connections.WriteAsync(work, ct))
            : ValueTask.FromResult(SqliteConnections.Translate(() => work(connection, transaction!)));

    /// <summary>A write without a result.</summary>
    private ValueTask Execute(Action<SqliteConnection, SqliteTransaction> work)
    {
        var written = Write((c, tx) => { work(c, tx); return true; });
        return written.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(written.AsTask());
    }

    private ValueTask<T> Read<T>(Func<SqliteConnection, SqliteTransaction?, T> read)
        => connection is null
            ? new ValueTask<T>(store.Connections.ReadAsync(c => read(c, null)))
            : ValueTask.FromResult(SqliteConnections.Translate(() => read(connection, transaction)));

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? tx, string sql) => SqliteConnections.Command(c, tx, sql);

    private static List<Guid> ReadIds(SqliteCommand command)
    {
        var ids = new List<Guid>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(reader.GetGuid(0));
        return ids;
    }

    private static string JsonArray<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

    private static string JsonIds(IEnumerable<Guid> ids) => JsonArray(ids.Select(i => i.ToString()));

    /// <summary>A duration as whole milliseconds, rounded up (so a short positive span never becomes zero).</summary>
    private static long Ms(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    private static TimeSpan? Milliseconds(object? value) => value is double ms ? TimeSpan.FromMilliseconds(Math.Max(0, ms)) : null;

    private static DateTimeOffset? Time(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : SqliteTime.Parse(r.GetString(i));
}
