using Jobs.Storage;
using Microsoft.Data.Sqlite;

namespace Jobs.Sqlite;

/// <summary>
/// The workflow bookkeeping statements (Sql/workflow_*.sql) inside the store's write transaction. Every call completes
/// synchronously; the jobs it ended and the queues it made work for are collected for the signals raised after commit.
/// </summary>
internal sealed class SqliteWorkflowSteps(SqliteConnection connection, SqliteTransaction transaction, SqliteSql sql) : IWorkflowSteps
{
    public List<Guid> Finished { get; } = [];
    public HashSet<string> Available { get; } = new(StringComparer.Ordinal);

    public ValueTask<SucceededStep> SucceededAsync(IReadOnlyList<Guid> ids)
    {
        var json = Json(ids);
        Release(sql.WorkflowReleaseChildren, "@ids", json);
        var revoked = Ids(sql.WorkflowSkipErrbacks, "@ids", json);
        Finished.AddRange(revoked);
        var groups = new List<Guid>();
        using (var cmd = Command(sql.WorkflowCountGroups))
        {
            cmd.Parameters.AddWithValue("@ids", json);
            using var r = cmd.ExecuteReader();
            while (r.Read()) if (r.GetInt64(1) == 0) groups.Add(r.GetGuid(0));
        }
        return ValueTask.FromResult(revoked.Count == 0 && groups.Count == 0 ? SucceededStep.None : new SucceededStep(revoked, groups));
    }

    public ValueTask ReleaseGroupsAsync(IReadOnlyList<Guid> groupIds)
    {
        Release(sql.WorkflowReleaseGroups, "@group_ids", Json(groupIds));
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<Guid>> FailedAsync(IReadOnlyList<Guid> ids)
    {
        var json = Json(ids);
        Release(sql.WorkflowReleaseErrbacks, "@ids", json);
        var failed = Ids(sql.WorkflowFailChildren, "@ids", json);
        failed.AddRange(Ids(sql.WorkflowFailChords, "@ids", json));
        Finished.AddRange(failed);
        return ValueTask.FromResult<IReadOnlyList<Guid>>(failed);
    }

    public ValueTask<IReadOnlyList<Guid>> StrandedAsync(int limit)
    {
        using var cmd = Command(sql.WorkflowStranded);
        cmd.Parameters.AddWithValue("@limit", limit);
        return ValueTask.FromResult<IReadOnlyList<Guid>>(ReadIds(cmd));
    }

    /// <summary>Raises the signals for what the steps did; call after commit.</summary>
    public void Raise(StoreSignals signals)
    {
        signals.RaiseJobsFinished(Finished);
        foreach (var queue in Available) signals.RaiseJobsAvailable(queue);
    }

    private void Release(string text, string name, string json)
    {
        using var cmd = Command(text);
        cmd.Parameters.AddWithValue(name, json);
        using var r = cmd.ExecuteReader();
        while (r.Read()) Available.Add(r.GetString(1));
    }

    private List<Guid> Ids(string text, string name, string json)
    {
        using var cmd = Command(text);
        cmd.Parameters.AddWithValue(name, json);
        return ReadIds(cmd);
    }

    private static List<Guid> ReadIds(SqliteCommand cmd)
    {
        var ids = new List<Guid>();
        using var r = cmd.ExecuteReader();
        while (r.Read()) ids.Add(r.GetGuid(0));
        return ids;
    }

    private SqliteCommand Command(string text)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = text;
        cmd.Transaction = transaction;
        return cmd;
    }

    private static string Json(IReadOnlyList<Guid> ids) => System.Text.Json.JsonSerializer.Serialize(ids.Select(i => i.ToString()));

    /// <summary>Runs a Core workflow step whose store calls all complete synchronously (they do here).</summary>
    public static T Sync<T>(ValueTask<T> step) => step.IsCompleted ? step.Result : step.AsTask().GetAwaiter().GetResult();
}
